//! The QR code of a printed page's address: inline SVG made at build time, so paper leads back to the page
//! without a script or an image from elsewhere.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{bits, ec, Color, EcLevel};
use std::fmt::Write;

/// An inline `<svg>` (no XML declaration) that encodes `url`, labelled `label` for assistive technology.
/// `None` when the address is too long for a QR code. Only `url` goes into the code; `label` is escaped.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let (width, colors) = modules(url.as_bytes())?;
    let size = width + 2 * QUIET;
    Some(format!(
        "<svg class=\"qr-code\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"none\" stroke=\"#000\" stroke-width=\"1\" d=\"{}\"/></svg>",
        kaartenbak_shared::escape_html(label),
        runs_path(&colors, width)
    ))
}

/// The dark modules as one path to be stroked one module wide: per run of dark modules in a row, a
/// horizontal line through the middle of the row (`h` the run's length), reached by a relative move from
/// the end of the previous run. With butt ends (the default) the stroke covers exactly the run's modules,
/// as a filled rectangle per run would, in about half the bytes (a partner page's code was 3.5 KB of it).
fn runs_path(colors: &[Color], width: usize) -> String {
    let mut path = String::new();
    // Where the previous line ended, in modules (its row's top edge); `None` before the first.
    let mut end: Option<(usize, usize)> = None;
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
            let (left, top) = (x + QUIET, y + QUIET);
            let _ = match end {
                None => write!(path, "M{left} {top}.5h{run}"),
                Some((ex, ey)) => {
                    // Signed steps; a minus sign separates the numbers by itself.
                    let dx = left as isize - ex as isize;
                    let dy = top - ey;
                    write!(path, "m{dx} {dy}h{run}")
                }
            };
            end = Some((left + run, top));
            x += run;
        }
    }
    path
}

/// The light border a reader needs around the code, in modules.
const QUIET: usize = 4;

/// The masks a QR code (not a micro QR code) may use.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The code's width and its modules row by row, made with the `qrcode` crate's encoder, error correction
/// and canvas. The mask is chosen here, by the penalty rules of ISO/IEC 18004 (section 7.8.3): the crate
/// scores the eight masks too, but so slowly that it took a third of a 10,000-entry build (one code per
/// partner page); this scores each masked grid in a few passes over plain booleans.
fn modules(data: &[u8]) -> Option<(usize, Vec<Color>)> {
    let level = EcLevel::M;
    let bits = bits::encode_auto(data, level).ok()?;
    let version = bits.version();
    let (data, correction) = ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &correction);
    let width = usize::try_from(version.width()).ok()?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let colors = masked.into_colors();
            let dark: Vec<bool> = colors.iter().map(|&c| c == Color::Dark).collect();
            (penalty(&dark, width), colors)
        })
        // The first of equal scores, as the crate and the standard's own order do.
        .min_by_key(|(score, _)| *score)
        .map(|(_, colors)| (width, colors))
}

/// The penalty of a masked symbol (`dark`, row by row, `width` square): the lower, the easier to read.
/// Symbols up to 64 modules wide (version 11, about 250 bytes of address) are scored on rows and
/// columns packed into bit sets; wider ones module by module. Both follow the same rules.
fn penalty(dark: &[bool], width: usize) -> u32 {
    if width <= 64 {
        packed_penalty(dark, width)
    } else {
        module_penalty(dark, width)
    }
}

/// `penalty` with every row and column a `u64` (bit x of a row is the module in column x): N2, N3 and N4
/// become shifts, masks and popcounts, and N1 steps from run to run. The mask penalties were a tenth of a
/// 10,000-entry build's CPU time, module by module.
fn packed_penalty(dark: &[bool], width: usize) -> u32 {
    let mut rows = [0u64; 64];
    let mut columns = [0u64; 64];
    for y in 0..width {
        for x in 0..width {
            if dark[y * width + x] {
                rows[y] |= 1 << x;
                columns[x] |= 1 << y;
            }
        }
    }
    let inside = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    let mut score: u32 = rows[..width]
        .iter()
        .chain(&columns[..width])
        .map(|&line| packed_line_penalty(line, width))
        .sum();
    // N2: a 2 × 2 block of one colour starting at column x, for all x at once.
    for pair in rows[..width].windows(2) {
        let (upper, lower) = (pair[0], pair[1]);
        let all_dark = upper & (upper >> 1) & lower & (lower >> 1);
        let all_light = !upper & !(upper >> 1) & !lower & !(lower >> 1);
        score += 3 * ((all_dark | all_light) & (inside >> 1)).count_ones();
    }
    // N4, as in `module_penalty`.
    let dark_count: u32 = rows[..width].iter().map(|r| r.count_ones()).sum();
    let total = (width * width) as u32;
    let deviation = (dark_count * 20).abs_diff(total * 10) / total;
    score + deviation * 10
}

/// N1 and N3 along one packed line of `width` modules (bits beyond it are light, as the quiet zone is).
fn packed_line_penalty(line: u64, width: usize) -> u32 {
    let mut score = 0;
    let mut at = 0;
    while at < width {
        let rest = line >> at;
        // The run of the colour of module `at`: up to the first module of the other colour.
        let run = if rest & 1 == 1 {
            (!rest).trailing_zeros() as usize
        } else {
            rest.trailing_zeros() as usize
        }
        .min(width - at);
        if run >= 5 {
            score += 3 + (run as u32 - 5);
        }
        at += run;
    }
    // Bit s: the modules s..=s+6 read dark, light, dark, dark, dark, light, dark.
    let finder =
        line & !(line >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & !(line >> 5) & (line >> 6);
    // Bit s: the four modules before s, or the four after s + 6, are light.
    let light_before = !((line << 1) | (line << 2) | (line << 3) | (line << 4));
    let light_after = !((line >> 7) | (line >> 8) | (line >> 9) | (line >> 10));
    score + 40 * (finder & (light_before | light_after)).count_ones()
}

/// `penalty` module by module, for symbols wider than a `u64`.
fn module_penalty(dark: &[bool], width: usize) -> u32 {
    let mut columns = vec![false; dark.len()];
    for y in 0..width {
        for x in 0..width {
            columns[x * width + y] = dark[y * width + x];
        }
    }
    let mut score: u32 = dark
        .chunks(width)
        .chain(columns.chunks(width))
        .map(line_penalty)
        .sum();
    // N2: every 2 × 2 block of one colour.
    for pair in dark.chunks(width).collect::<Vec<_>>().windows(2) {
        let (upper, lower) = (pair[0], pair[1]);
        for x in 0..width - 1 {
            let c = upper[x];
            if upper[x + 1] == c && lower[x] == c && lower[x + 1] == c {
                score += 3;
            }
        }
    }
    // N4: how far the share of dark modules is from half, in steps of 5%.
    let dark_count = dark.iter().filter(|&&d| d).count() as u32;
    let total = dark.len() as u32;
    let deviation = (dark_count * 20).abs_diff(total * 10) / total;
    score + deviation * 10
}

/// N1 and N3 along one row or column: runs of five or more modules of one colour, and the finder-like
/// 1:1:3:1:1 pattern with four light modules on one side (the quiet zone beyond the edge counts as light).
fn line_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 1;
    for i in 1..line.len() {
        if line[i] == line[i - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += 3 + (run - 5);
            }
            run = 1;
        }
    }
    if run >= 5 {
        score += 3 + (run - 5);
    }
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    let light = |i: isize| i < 0 || i >= line.len() as isize || !line[i as usize];
    for (start, window) in line.windows(7).enumerate() {
        if window == FINDER {
            let s = start as isize;
            if (1..=4).all(|k| light(s - k)) || (7..=10).all(|k| light(s + k)) {
                score += 40;
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_inline_svg_with_a_label() {
        let svg = svg("https://sociale-kaart.example/partners/a/", "QR \"x\"").unwrap();
        assert!(
            svg.starts_with("<svg class=\"qr-code\" role=\"img\" aria-label=\"QR &quot;x&quot;\""),
            "{svg}"
        );
        assert!(!svg.contains("<?xml"));
        assert!(svg.ends_with("</svg>"));
        assert!(
            svg.contains("<path fill=\"none\" stroke=\"#000\" stroke-width=\"1\" d=\"M4 4.5h7m"),
            "{svg}"
        );
    }

    /// Issue 23: the code was 3.4 KB of every partner page (3,405 bytes for this address, 37 modules
    /// wide), a filled rectangle per run of dark modules.
    #[test]
    fn the_code_of_a_partner_page_is_small() {
        let url = "https://kaart.example/partners/p-0/";
        let svg = svg(url, "QR-code met het adres van deze pagina").unwrap();
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        assert!(svg.len() < 2_000, "{} bytes: {svg}", svg.len());
    }

    /// The modules a path of [`runs_path`]'s form covers when stroked one module wide, row by row, in a
    /// symbol of `size` modules including the quiet zone: an independent reading of the SVG's geometry.
    fn stroked_modules(d: &str, size: usize) -> Vec<bool> {
        let mut dark = vec![false; size * size];
        let (mut x, mut y) = (0.0f64, 0.0f64);
        let mut rest = d;
        while let Some(command) = rest.chars().next() {
            rest = &rest[1..];
            let end = rest
                .find(|c: char| c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let numbers: Vec<f64> = rest[..end]
                .replace('-', " -")
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            rest = &rest[end..];
            match (command, numbers.as_slice()) {
                ('M', [nx, ny]) => (x, y) = (*nx, *ny),
                ('m', [dx, dy]) => (x, y) = (x + dx, y + dy),
                ('h', [run]) => {
                    assert!(*run > 0.0 && y.fract() == 0.5 && x.fract() == 0.0, "{d}");
                    let row = y.floor() as usize;
                    for column in x as usize..(x + run) as usize {
                        assert!(!dark[row * size + column], "a module drawn twice: {d}");
                        dark[row * size + column] = true;
                    }
                    x += run;
                }
                _ => panic!("unexpected `{command}` {numbers:?} in {d}"),
            }
        }
        dark
    }

    /// The SVG of `url` as a reader sees it: its path stroked into modules, compared with the symbol,
    /// then decoded.
    fn read_back_svg(url: &str) -> String {
        let svg = svg(url, "l").unwrap();
        let (width, colors) = modules(url.as_bytes()).unwrap();
        let size = width + 2 * QUIET;
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")),
            "{svg}"
        );
        assert!(svg.contains("shape-rendering=\"crispEdges\""), "{svg}");
        let d = svg
            .split_once(" d=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(d, _)| d)
            .unwrap();
        let dark = stroked_modules(d, size);
        for y in 0..size {
            for x in 0..size {
                let expected = symbol_is_dark(width, &colors, x, y);
                assert_eq!(dark[y * size + x], expected, "{url}: module ({x}, {y})");
            }
        }
        decode(url, size, |x, y| dark[y * size + x])
    }

    /// Addresses of several lengths (so several versions of the code), as partner pages have them.
    const ADDRESSES: [&str; 4] = [
        "https://a.example/",
        "https://sociale-kaart.lindewaard.example/partners/schuldhulp-lindewaard/",
        "https://intranet.gemeente-lindewaard.example/sociaal-domein/sociale-kaart/partners/stichting-maatschappelijke-dienstverlening-en-welzijn-de-kempenrand/",
        "https://kaart.example/partners/p-5443/?bron=qr#contact-verwijzen",
    ];

    /// A code of `size` modules a side (quiet zone included) whose module (x, y) is dark where `dark`
    /// says, rasterised at four pixels per module and decoded by an independent QR decoder (rqrr).
    fn decode(url: &str, size: usize, dark: impl Fn(usize, usize) -> bool) -> String {
        let scale = 4;
        let side = size * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark(x / scale, y / scale) {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "{url}: one code found");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn every_svg_reads_back_as_its_address() {
        for url in ADDRESSES {
            assert_eq!(read_back_svg(url), url);
        }
    }

    #[test]
    fn different_addresses_give_different_codes() {
        assert_ne!(
            svg("https://a.example/x/", "l"),
            svg("https://a.example/y/", "l")
        );
    }

    /// The code as a reader sees it: its modules with the quiet zone, decoded.
    fn read_back(url: &str) -> String {
        let (width, colors) = modules(url.as_bytes()).unwrap();
        decode(url, width + 2 * QUIET, |x, y| {
            symbol_is_dark(width, &colors, x, y)
        })
    }

    /// Whether module (x, y) of the symbol with its quiet zone is dark.
    fn symbol_is_dark(width: usize, colors: &[Color], x: usize, y: usize) -> bool {
        let inside = (QUIET..QUIET + width).contains(&x) && (QUIET..QUIET + width).contains(&y);
        inside && colors[(y - QUIET) * width + (x - QUIET)] == Color::Dark
    }

    #[test]
    fn every_code_reads_back_as_its_address() {
        for url in ADDRESSES {
            assert_eq!(read_back(url), url);
        }
    }

    proptest::proptest! {
        /// Random symbols with many finder look-alikes and long runs near the edges.
        #[test]
        fn packed_and_module_penalties_agree(
            width in 1usize..=64,
            seed in proptest::collection::vec(0u8..8, 1..600),
        ) {
            let finder = [true, false, true, true, true, false, true, false, false, false, false];
            let dark: Vec<bool> = (0..width * width)
                .map(|i| match seed[i % seed.len()] {
                    0..=2 => finder[i % finder.len()],
                    3 => false,
                    4 => true,
                    _ => seed[(i * 7) % seed.len()] % 2 == 0,
                })
                .collect();
            proptest::prop_assert_eq!(packed_penalty(&dark, width), module_penalty(&dark, width));
        }
    }

    #[test]
    fn packed_and_module_penalties_agree_on_real_codes() {
        for url in [
            "https://a.example/",
            "https://kaart.example/partners/p-5443/",
            "https://sociale-kaart.lindewaard.example/partners/schuldhulp-lindewaard/",
        ] {
            let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).unwrap();
            let version = bits.version();
            let (data, correction) =
                ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).unwrap();
            let mut canvas = Canvas::new(version, EcLevel::M);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &correction);
            let width = version.width() as usize;
            for mask in MASKS {
                let mut masked = canvas.clone();
                masked.apply_mask(mask);
                let dark: Vec<bool> = masked
                    .into_colors()
                    .iter()
                    .map(|&c| c == Color::Dark)
                    .collect();
                assert_eq!(
                    packed_penalty(&dark, width),
                    module_penalty(&dark, width),
                    "{url}"
                );
            }
        }
    }

    #[test]
    fn penalties_follow_the_standards_rules() {
        let line = |bits: &str| -> Vec<bool> { bits.chars().map(|c| c == '1').collect() };
        let score = |bits: &str| line_penalty(&line(bits));
        // N1: five of a colour in a row cost 3, each one more 1.
        assert_eq!(score("1010"), 0);
        assert_eq!(score("11111010"), 3);
        assert_eq!(score("11111101"), 4);
        assert_eq!(score("0000001"), 4);
        // N3: the finder-like pattern with four light modules on one side costs 40 (plus its runs).
        assert_eq!(score("10111010000"), 40);
        assert_eq!(
            score("1011101"),
            40,
            "the edge counts as light on both sides"
        );
        assert_eq!(
            score("110111011"),
            0,
            "dark on both sides: no finder look-alike"
        );
        // N2 and N4 on a 2 × 2 symbol: one block of one colour, and all dark is 50% off half.
        assert_eq!(penalty(&[true; 4], 2), 3 + 100);
        assert_eq!(module_penalty(&[true; 4], 2), 3 + 100);
        // The packed lines score the same patterns.
        let packed = |bits: &str| {
            let line = bits
                .chars()
                .enumerate()
                .fold(0u64, |l, (i, c)| l | (u64::from(c == '1') << i));
            packed_line_penalty(line, bits.len())
        };
        for bits in [
            "1010",
            "11111010",
            "11111101",
            "0000001",
            "10111010000",
            "1011101",
            "110111011",
        ] {
            assert_eq!(packed(bits), score(bits), "{bits}");
        }
    }
}
