//! One sort for the search's small lists, keyed by a number: every list the query side orders goes through
//! the same sort of `(u64, u32)` pairs, so the browser module carries one copy of the sort code instead of
//! one per list type (each monomorphised stable sort costs the module about 6 KB).

/// Orders `items` by `key`, ascending; items with equal keys keep their order (stable).
pub(crate) fn sort_by_number<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut order: Vec<(u64, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item), i as u32))
        .collect();
    // The position breaks ties, so the unstable sort of the pairs is a stable sort of the items.
    sort_pairs(&mut order);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|(_, i)| slots[i as usize].take()),
    );
}

/// The one instance of the sort (not inlined into every caller).
#[inline(never)]
fn sort_pairs(pairs: &mut [(u64, u32)]) {
    pairs.sort_unstable();
}

/// A key that orders larger numbers first.
pub(crate) fn descending(n: usize) -> u64 {
    u64::MAX - n as u64
}

/// A key that orders scores from high to low (any f32, NaN last).
pub(crate) fn score_descending(score: f32) -> u64 {
    // The IEEE bits made monotonic (the usual total-order trick), then reversed.
    let bits = score.to_bits();
    let ascending = if bits & 0x8000_0000 != 0 {
        !bits
    } else {
        bits | 0x8000_0000
    };
    u64::from(u32::MAX - ascending)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_the_key() {
        let mut items = vec![("b", 2), ("a", 1), ("c", 2), ("d", 0)];
        sort_by_number(&mut items, |(_, n)| *n as u64);
        assert_eq!(items, [("d", 0), ("a", 1), ("b", 2), ("c", 2)]);
        sort_by_number(&mut items, |(_, n)| descending(*n));
        assert_eq!(items, [("b", 2), ("c", 2), ("a", 1), ("d", 0)]);
    }

    #[test]
    fn scores_order_high_to_low() {
        let mut scores = vec![0.5f32, -3.0, 120.25, 0.0, -0.0, 7.0, f32::NAN];
        sort_by_number(&mut scores, |s| score_descending(*s));
        let mut expected = [0.5f32, -3.0, 120.25, 0.0, -0.0, 7.0, f32::NAN];
        expected.sort_by(|a, b| b.total_cmp(a));
        // total_cmp puts NaN (positive) first when descending; ours agrees on every number.
        let numbers: Vec<u32> = scores.iter().map(|s| s.to_bits()).collect();
        let wanted: Vec<u32> = expected.iter().map(|s| s.to_bits()).collect();
        assert_eq!(numbers, wanted);
    }
}
