//! The prerequisite graph of all modules, laid out at build time and drawn as inline SVG (no script, no
//! library at view time). A small layered layout in the manner of Sugiyama:
//!
//! 1. **Layers** by longest path: a module without prerequisites is in layer 0, any other one layer
//!    after its deepest prerequisite. Layers are columns, left to right: paths of prerequisites are short
//!    (two or three steps) while a layer may hold many modules, so columns keep the drawing narrow enough
//!    for a phone and let it grow downwards.
//! 2. An edge that spans several layers gets a **placeholder** in every layer between, so it runs through
//!    a reserved gap instead of across a module.
//! 3. **Order** within each layer by barycenters: a few sweeps down and up, each sorting a layer by the
//!    mean position of its neighbours in the layer before, which removes most crossings.
//! 4. **Coordinates**: columns of fixed width, boxes as tall as their wrapped title, each column centred
//!    on the tallest; edges leave a box on its right and enter on its left, ports spread along the side.
//!
//! Everything is deterministic (stable sorts, ties broken by input order), so an unchanged site draws the
//! same bytes. Text is escaped; module titles are content.

use kaartenbak_shared::escape_html;
use std::fmt::Write as _;

/// A module in the graph: what its box says and where it links.
#[derive(Debug, Clone)]
pub struct GraphNode {
    pub title: String,
    pub url: String,
}

/// A box's place, in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    #[cfg(test)]
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// An edge as (prerequisite, module that requires it), with the points its line runs through.
pub type DrawnEdge = ((usize, usize), Vec<(f64, f64)>);

/// The graph laid out: per node its layer, box and title lines; per edge the points it runs through.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub layers: Vec<usize>,
    pub boxes: Vec<Rect>,
    pub lines: Vec<Vec<String>>,
    /// Per edge (in the order given, duplicates and self-loops dropped): the prerequisite and the module
    /// that requires it, and the polyline from the one's box to the other's.
    pub edges: Vec<DrawnEdge>,
    pub width: f64,
    pub height: f64,
}

const NODE_WIDTH: f64 = 160.0;
const COLUMN_GAP: f64 = 32.0;
const ROW_GAP: f64 = 14.0;
const MARGIN: f64 = 8.0;
const PLACEHOLDER_HEIGHT: f64 = 12.0;
const FONT_SIZE: f64 = 13.0;
const LINE_HEIGHT: f64 = 16.0;
const PADDING: f64 = 8.0;
/// Tall enough to stay a 44 px tap target when a two-column graph is scaled to a 360 px phone.
const MIN_NODE_HEIGHT: f64 = 56.0;
/// About what fits in `NODE_WIDTH` at `FONT_SIZE`.
const CHARS_PER_LINE: usize = 19;
const MAX_LINES: usize = 4;
const SWEEPS: usize = 4;

/// A place in a layer: a module, or the placeholder of an edge (its index) spanning this layer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Node(usize),
    Placeholder(usize),
}

/// Longest-path layers; nodes on a cycle (which validation refuses) are put in layer 0 rather than
/// looping.
fn layers(count: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; count];
    let mut successors = vec![Vec::new(); count];
    for &(from, to) in edges {
        indegree[to] += 1;
        successors[from].push(to);
    }
    let mut layer = vec![0usize; count];
    let mut ready: Vec<usize> = (0..count).filter(|&n| indegree[n] == 0).collect();
    let mut next = 0;
    while next < ready.len() {
        let node = ready[next];
        next += 1;
        for &to in &successors[node] {
            layer[to] = layer[to].max(layer[node] + 1);
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.push(to);
            }
        }
    }
    let mut placed = vec![false; count];
    for &node in &ready {
        placed[node] = true;
    }
    for (node, placed) in placed.into_iter().enumerate() {
        if !placed {
            layer[node] = 0;
        }
    }
    layer
}

/// Greedy word wrap into at most `MAX_LINES` lines; a word longer than a line breaks after a hyphen
/// ("Zelfredzaamheid-" / "Matrix") or is cut; a longer title ends in "…" (the link's tooltip and
/// accessible name keep the whole title).
fn wrap(title: &str) -> Vec<String> {
    // Pieces to place, each with whether a space separates it from the piece before.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in title.split_whitespace() {
        let mut spaced = true;
        if word.chars().count() <= CHARS_PER_LINE {
            pieces.push((word.to_string(), spaced));
            continue;
        }
        for part in word.split_inclusive('-') {
            pieces.push((part.to_string(), spaced));
            spaced = false;
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for (piece, spaced) in pieces {
        let gap = usize::from(spaced && !current.is_empty());
        let fits = current.chars().count() + gap + piece.chars().count() <= CHARS_PER_LINE;
        if !current.is_empty() && !fits {
            lines.push(std::mem::take(&mut current));
        } else if gap == 1 {
            current.push(' ');
        }
        current.push_str(&piece);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    for line in &mut lines {
        if line.chars().count() > CHARS_PER_LINE {
            *line = line.chars().take(CHARS_PER_LINE - 1).collect::<String>() + "…";
        }
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            if last.chars().count() >= CHARS_PER_LINE {
                *last = last.chars().take(CHARS_PER_LINE - 1).collect();
            }
            last.push('…');
        }
    }
    lines
}

/// Lays out `count` nodes with `edges` (prerequisite, module that requires it); `titles` are wrapped.
pub fn layout(nodes: &[GraphNode], edges: &[(usize, usize)]) -> Layout {
    let count = nodes.len();
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(edges.len());
    let mut seen = std::collections::HashSet::with_capacity(edges.len());
    for &(from, to) in edges {
        if from < count && to < count && from != to && seen.insert((from, to)) {
            kept.push((from, to));
        }
    }
    let layer = layers(count, &kept);
    let layer_count = layer.iter().max().map_or(0, |l| l + 1);

    // Slots: the nodes first (slot n is node n), then a placeholder per layer a long edge passes. Each
    // layer is a column of slot ids: its nodes in input order, then its placeholders.
    let mut slots: Vec<Slot> = (0..count).map(Slot::Node).collect();
    let mut slot_layer: Vec<usize> = layer.clone();
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (node, &l) in layer.iter().enumerate() {
        columns[l].push(node);
    }
    // Per edge the placeholder slots it runs through, in layer order; per slot its neighbours in the
    // layer before (up) and after (down).
    let mut hops: Vec<Vec<usize>> = Vec::with_capacity(kept.len());
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (e, &(from, to)) in kept.iter().enumerate() {
        let mut previous = from;
        let mut passed = Vec::new();
        for (l, column) in columns
            .iter_mut()
            .enumerate()
            .take(layer[to])
            .skip(layer[from] + 1)
        {
            let slot = slots.len();
            slots.push(Slot::Placeholder(e));
            slot_layer.push(l);
            up.push(vec![previous]);
            down.push(Vec::new());
            down[previous].push(slot);
            column.push(slot);
            passed.push(slot);
            previous = slot;
        }
        // Only edges between consecutive layers order the layers (a same-layer edge, on a refused
        // cycle, does not).
        if layer[to] > layer[from] {
            up[to].push(previous);
            down[previous].push(to);
        }
        hops.push(passed);
    }
    let mut position = vec![0usize; slots.len()];
    let place = |column: &[usize], position: &mut Vec<usize>| {
        for (i, &slot) in column.iter().enumerate() {
            position[slot] = i;
        }
    };
    for column in &columns {
        place(column, &mut position);
    }
    for _ in 0..SWEEPS {
        // Down: each layer after the first by its neighbours above; then up, each but the last by those
        // below.
        for column in columns.iter_mut().skip(1) {
            let keys: Vec<f64> = column
                .iter()
                .map(|&slot| barycenter(&up[slot], &position, position[slot]))
                .collect();
            reorder(column, &keys);
            place(column, &mut position);
        }
        for column in columns.iter_mut().rev().skip(1) {
            let keys: Vec<f64> = column
                .iter()
                .map(|&slot| barycenter(&down[slot], &position, position[slot]))
                .collect();
            reorder(column, &keys);
            place(column, &mut position);
        }
    }

    // Coordinates: columns of fixed width, each centred on the tallest.
    let lines: Vec<Vec<String>> = nodes.iter().map(|n| wrap(&n.title)).collect();
    let slot_height = |slot: usize| match slots[slot] {
        Slot::Node(n) => (lines[n].len() as f64 * LINE_HEIGHT + 2.0 * PADDING).max(MIN_NODE_HEIGHT),
        Slot::Placeholder(_) => PLACEHOLDER_HEIGHT,
    };
    let column_height = |column: &[usize]| -> f64 {
        let heights: f64 = column.iter().map(|&s| slot_height(s)).sum();
        heights + ROW_GAP * column.len().saturating_sub(1) as f64
    };
    let tallest = columns
        .iter()
        .map(|c| column_height(c))
        .fold(0.0_f64, f64::max);
    let column_x = |l: usize| MARGIN + l as f64 * (NODE_WIDTH + COLUMN_GAP);
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: NODE_WIDTH,
            height: 0.0
        };
        count
    ];
    // Where each placeholder's middle runs.
    let mut slot_y = vec![0.0; slots.len()];
    for (l, column) in columns.iter().enumerate() {
        let mut y = MARGIN + (tallest - column_height(column)) / 2.0;
        for &slot in column {
            let height = slot_height(slot);
            slot_y[slot] = y + height / 2.0;
            if let Slot::Node(n) = slots[slot] {
                boxes[n] = Rect {
                    x: column_x(l),
                    y,
                    width: NODE_WIDTH,
                    height,
                };
            }
            y += height + ROW_GAP;
        }
    }

    // Ports: a box's outgoing edges leave its right side, incoming ones enter its left side, spread
    // along the side in the order of the other ends' heights, so edges do not meet in one point.
    let toward_target = |e: usize| {
        hops[e]
            .first()
            .map_or_else(|| center_y(&boxes[kept[e].1]), |&s| slot_y[s])
    };
    let toward_source = |e: usize| {
        hops[e]
            .last()
            .map_or_else(|| center_y(&boxes[kept[e].0]), |&s| slot_y[s])
    };
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (e, &(from, to)) in kept.iter().enumerate() {
        outgoing[from].push(e);
        incoming[to].push(e);
    }
    let mut out_port = vec![0.0; kept.len()];
    let mut in_port = vec![0.0; kept.len()];
    for (node, rect) in boxes.iter().enumerate() {
        let out = &mut outgoing[node];
        out.sort_by(|&a, &b| toward_target(a).total_cmp(&toward_target(b)));
        for (i, &e) in out.iter().enumerate() {
            out_port[e] = port(rect, i, out.len());
        }
        let inc = &mut incoming[node];
        inc.sort_by(|&a, &b| toward_source(a).total_cmp(&toward_source(b)));
        for (i, &e) in inc.iter().enumerate() {
            in_port[e] = port(rect, i, inc.len());
        }
    }
    let edges = kept
        .iter()
        .enumerate()
        .map(|(e, &(from, to))| {
            let mut points = vec![(boxes[from].x + NODE_WIDTH, out_port[e])];
            for &slot in &hops[e] {
                let l = slot_layer[slot];
                points.push((column_x(l), slot_y[slot]));
                points.push((column_x(l) + NODE_WIDTH, slot_y[slot]));
            }
            points.push((boxes[to].x, in_port[e]));
            ((from, to), points)
        })
        .collect();
    let width = if layer_count == 0 {
        0.0
    } else {
        2.0 * MARGIN + layer_count as f64 * NODE_WIDTH + (layer_count - 1) as f64 * COLUMN_GAP
    };
    Layout {
        layers: layer,
        boxes,
        lines,
        edges,
        width,
        height: if count == 0 {
            0.0
        } else {
            tallest + 2.0 * MARGIN
        },
    }
}

fn center_y(rect: &Rect) -> f64 {
    rect.y + rect.height / 2.0
}

/// The height of port `i` of `n` along a side of `rect`.
fn port(rect: &Rect, i: usize, n: usize) -> f64 {
    rect.y + rect.height * (i + 1) as f64 / (n + 1) as f64
}

/// The mean position of `neighbours`, or the slot's own position `own` when it has none there.
fn barycenter(neighbours: &[usize], position: &[usize], own: usize) -> f64 {
    if neighbours.is_empty() {
        own as f64
    } else {
        neighbours.iter().map(|&n| position[n] as f64).sum::<f64>() / neighbours.len() as f64
    }
}

/// Sorts `slots` by `keys`, stably (ties keep their order).
fn reorder(slots: &mut Vec<usize>, keys: &[f64]) {
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
    *slots = order.into_iter().map(|i| slots[i]).collect();
}

/// Ids the SVG refers to in its page.
pub struct SvgLabels<'a> {
    /// The id of the visible heading that names the graph.
    pub labelled_by: &'a str,
    /// The id of the visible list of the same relations ("X vereist Y"): the text alternative.
    pub described_by: &'a str,
    /// The SVG's own `<title>`.
    pub title: &'a str,
}

/// Numbers as SVG attributes: whole where whole, else one decimal.
fn n(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// The graph as inline SVG markup, with its boxes as links to the modules.
pub fn svg(nodes: &[GraphNode], layout: &Layout, labels: &SvgLabels) -> String {
    let mut out = String::with_capacity(512 + nodes.len() * 400);
    let _ = write!(
        out,
        "<svg class=\"graph\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" aria-labelledby=\"{l}\" aria-describedby=\"{d}\">",
        w = n(layout.width),
        h = n(layout.height),
        l = escape_html(labels.labelled_by),
        d = escape_html(labels.described_by),
    );
    let _ = write!(out, "<title>{}</title>", escape_html(labels.title));
    out.push_str("<defs><marker id=\"graph-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"graph-arrowhead\" d=\"M0,0L10,5L0,10z\"/></marker></defs>");
    out.push_str("<g class=\"graph-edges\">");
    for (_, points) in &layout.edges {
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, n(*x), n(*y));
        }
        let _ = write!(
            out,
            "<path class=\"graph-edge\" d=\"{d}\" marker-end=\"url(#graph-arrow)\"/>"
        );
    }
    out.push_str("</g><g class=\"graph-nodes\">");
    for (node, (rect, lines)) in nodes.iter().zip(layout.boxes.iter().zip(&layout.lines)) {
        let _ = write!(
            out,
            "<a class=\"graph-node\" href=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
            escape_html(&node.url),
            escape_html(&node.title),
            n(rect.x),
            n(rect.y),
            n(rect.width),
            n(rect.height),
        );
        // The lines centred in the box: the first baseline sits a line's ascent below the text block top.
        let block = lines.len() as f64 * LINE_HEIGHT;
        let top = rect.y + (rect.height - block) / 2.0;
        let _ = write!(
            out,
            "<text x=\"{}\" font-size=\"{}\">",
            n(rect.x + PADDING),
            n(FONT_SIZE)
        );
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + (i as f64 + 1.0) * LINE_HEIGHT - (LINE_HEIGHT - FONT_SIZE);
            let _ = write!(
                out,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                n(rect.x + PADDING),
                n(baseline),
                escape_html(line)
            );
        }
        out.push_str("</text></a>");
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(titles: &[&str]) -> Vec<GraphNode> {
        titles
            .iter()
            .map(|t| GraphNode {
                title: t.to_string(),
                url: format!("/modules/{}/", t.to_lowercase()),
            })
            .collect()
    }

    #[test]
    fn layers_follow_the_longest_prerequisite_path() {
        // a → b → c, and a → c directly: c is two layers after a, not one.
        let graph = nodes(&["A", "B", "C", "D"]);
        let laid = layout(&graph, &[(0, 1), (1, 2), (0, 2)]);
        assert_eq!(laid.layers, [0, 1, 2, 0]);
        // Every box stands in its layer's column.
        for (node, &layer) in laid.layers.iter().enumerate() {
            assert_eq!(
                laid.boxes[node].x,
                MARGIN + layer as f64 * (NODE_WIDTH + COLUMN_GAP)
            );
        }
    }

    #[test]
    fn boxes_never_overlap_and_stay_inside_the_drawing() {
        let titles: Vec<String> = (0..12)
            .map(|i| format!("Module nummer {i} met een lange titel over schulden"))
            .collect();
        let graph = nodes(&titles.iter().map(String::as_str).collect::<Vec<_>>());
        let edges = [(0, 5), (1, 5), (5, 9), (2, 9), (3, 10), (0, 11), (9, 11)];
        let laid = layout(&graph, &edges);
        for (i, a) in laid.boxes.iter().enumerate() {
            assert!(a.x >= 0.0 && a.y >= 0.0);
            assert!(a.x + a.width <= laid.width && a.y + a.height <= laid.height);
            for b in &laid.boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn every_edge_runs_from_its_prerequisite_to_its_module_and_around_other_boxes() {
        let graph = nodes(&["A", "B", "C", "D", "E"]);
        // a → e spans two layers: it must pass the middle column without crossing b, c or d.
        let edges = [(0, 1), (0, 2), (0, 3), (1, 4), (0, 4)];
        let laid = layout(&graph, &edges);
        assert_eq!(laid.edges.len(), edges.len());
        for ((from, to), points) in &laid.edges {
            let (start, end) = (points[0], points[points.len() - 1]);
            let (a, b) = (laid.boxes[*from], laid.boxes[*to]);
            assert_eq!(
                start.0,
                a.x + a.width,
                "leaves the prerequisite's right side"
            );
            assert!(start.1 > a.y && start.1 < a.y + a.height);
            assert_eq!(end.0, b.x, "enters the module's left side");
            assert!(end.1 > b.y && end.1 < b.y + b.height);
        }
        let long = &laid.edges[4].1;
        assert_eq!(
            long.len(),
            4,
            "one placeholder: in and out of the middle column"
        );
        let passing_y = long[1].1;
        for node in [1, 2, 3] {
            let r = laid.boxes[node];
            assert!(
                passing_y < r.y || passing_y > r.y + r.height,
                "the long edge crosses box {node}"
            );
        }
        let svg = svg(
            &graph,
            &laid,
            &SvgLabels {
                labelled_by: "kop",
                described_by: "lijst",
                title: "Graaf",
            },
        );
        assert_eq!(
            svg.matches("<path class=\"graph-edge\"").count(),
            edges.len()
        );
        assert_eq!(
            svg.matches("<a class=\"graph-node\" href=").count(),
            graph.len()
        );
    }

    #[test]
    fn barycenters_untangle_crossing_edges() {
        // Layer 0: A, B; layer 1: C (requires B), D (requires A). In input order the edges cross.
        let graph = nodes(&["A", "B", "C", "D"]);
        let laid = layout(&graph, &[(1, 2), (0, 3)]);
        let (a, b, c, d) = (laid.boxes[0], laid.boxes[1], laid.boxes[2], laid.boxes[3]);
        assert_eq!((a.y < b.y), (d.y < c.y), "D sits level with A, C with B");
    }

    #[test]
    fn the_same_graph_draws_the_same_bytes_and_cycles_do_not_hang() {
        let graph = nodes(&["A", "B", "C"]);
        let edges = [(0, 1), (1, 2), (2, 1), (1, 1), (7, 0)];
        let labels = SvgLabels {
            labelled_by: "kop",
            described_by: "lijst",
            title: "Graaf",
        };
        let first = svg(&graph, &layout(&graph, &edges), &labels);
        let second = svg(&graph, &layout(&graph, &edges), &labels);
        assert_eq!(first, second);
        // The self-loop and the edge to a node that does not exist are dropped.
        assert_eq!(layout(&graph, &edges).edges.len(), 3);
    }

    #[test]
    fn titles_are_wrapped_escaped_and_named_in_full() {
        let graph = nodes(&["<script>alert(1)</script> & een heel erg lange titel die niet in drie regels past want hij gaat maar door"]);
        let laid = layout(&graph, &[]);
        assert!(laid.lines[0].len() <= MAX_LINES);
        assert!(laid.lines[0].last().unwrap().ends_with('…'));
        let svg = svg(
            &graph,
            &laid,
            &SvgLabels {
                labelled_by: "kop",
                described_by: "lijst",
                title: "Graaf",
            },
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; een heel"));
        assert!(svg.contains("aria-describedby=\"lijst\""));
    }

    #[test]
    fn long_words_break_after_a_hyphen_and_no_line_is_longer_than_a_box() {
        assert_eq!(
            wrap("Werken met de Zelfredzaamheid-Matrix"),
            ["Werken met de", "Zelfredzaamheid-", "Matrix"]
        );
        assert_eq!(
            wrap("Wmo-keukentafelgesprek voeren"),
            ["Wmo-", "keukentafelgesprek", "voeren"]
        );
        for line in wrap("Arbeidsongeschiktheidsverzekeringswet uitgelegd") {
            assert!(line.chars().count() <= CHARS_PER_LINE, "{line}");
        }
    }

    #[test]
    fn an_empty_graph_draws_nothing_wide() {
        let laid = layout(&[], &[]);
        assert_eq!((laid.width, laid.height), (0.0, 0.0));
    }
}
