//! The browser's search module decodes tantivy's postings, positions and fast fields with the loop-based
//! bit packers of the vendored `bitpacking` crate (vendor/README.md), while the CLI that writes the index
//! uses the unrolled (or SIMD) ones. These tests run both on the host, for every bit width and delta mode,
//! and require the same bytes, the same integers and the same widths, so that the page reads exactly what
//! the CLI wrote and the search gives the same results in both places.
//!
//! The unrolled packers exist only in release builds (`cargo test --release`), as upstream compiles them
//! only there; a debug build compares with `BitPacker1x`/`BitPacker4x`, which are then upstream's simple
//! loop variants.

use bitpacking::identity::{Compact1x, Compact4x};
#[cfg(not(debug_assertions))]
use bitpacking::identity::{Unrolled1x, Unrolled4x};
use bitpacking::{BitPacker, BitPacker1x, BitPacker4x};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
    }

    /// A number of at most `bits` bits.
    fn below_bits(&mut self, bits: u8) -> u32 {
        match bits {
            0 => 0,
            32 => self.next(),
            _ => self.next() & ((1u32 << bits) - 1),
        }
    }
}

/// The largest number of `bits` bits.
fn max_of(bits: u8) -> u32 {
    if bits == 32 {
        u32::MAX
    } else {
        (1u32 << bits) - 1
    }
}

/// Blocks to pack at width `bits`: random values that fit, the edges (all zero, all maximal, alternating),
/// one value with the top bit of the width set in each position, and values wider than the width (the
/// packers do not mask: the bits they spill must be the same too).
fn plain_blocks(random: &mut Random, len: usize, bits: u8) -> Vec<Vec<u32>> {
    let mut blocks = vec![
        vec![0; len],
        vec![max_of(bits); len],
        (0..len)
            .map(|i| if i % 2 == 0 { max_of(bits) } else { 0 })
            .collect(),
    ];
    for _ in 0..8 {
        blocks.push((0..len).map(|_| random.below_bits(bits)).collect());
    }
    if bits > 0 {
        for position in [0, 1, len / 2, len - 1] {
            let mut block = vec![0; len];
            block[position] = 1 << (bits - 1);
            blocks.push(block);
        }
    }
    for _ in 0..4 {
        blocks.push((0..len).map(|_| random.next()).collect());
    }
    blocks
}

/// Sorted blocks whose gaps (minus `strict`) fit in `bits` bits after `initial`, plus unsorted and
/// wrapping ones (both packers compute the differences with wrapping arithmetic).
fn sorted_blocks(
    random: &mut Random,
    len: usize,
    bits: u8,
    initial: u32,
    strict: u32,
) -> Vec<Vec<u32>> {
    let mut blocks = Vec::new();
    for gaps in [0, 1, 2] {
        let mut current = initial;
        blocks.push(
            (0..len)
                .map(|_| {
                    let gap = match gaps {
                        0 => 0,
                        1 => max_of(bits),
                        _ => random.below_bits(bits),
                    };
                    current = current.wrapping_add(gap).wrapping_add(strict);
                    current
                })
                .collect(),
        );
    }
    let mut unsorted: Vec<u32> = (0..len).map(|_| random.next()).collect();
    blocks.push(unsorted.clone());
    unsorted.sort_unstable();
    blocks.push(unsorted);
    blocks
}

/// Runs `f` on both packers and requires equal results, or a panic from both.
fn same<A: BitPacker, B: BitPacker, T: PartialEq + std::fmt::Debug>(
    what: &str,
    f: impl Fn(&dyn Packer) -> T,
) {
    let left = catch_unwind(AssertUnwindSafe(|| f(&Wrap(A::new()))));
    let right = catch_unwind(AssertUnwindSafe(|| f(&Wrap(B::new()))));
    match (left, right) {
        (Ok(left), Ok(right)) => assert_eq!(left, right, "{what}"),
        (Err(_), Err(_)) => {}
        (left, right) => panic!(
            "{what}: one packer panicked and the other did not ({:?} against {:?})",
            left.is_ok(),
            right.is_ok()
        ),
    }
}

/// `BitPacker` as an object, so one closure can call either packer.
trait Packer {
    fn compress(&self, input: &[u32], output: &mut [u8], bits: u8, delta: Delta) -> usize;
    fn decompress(&self, input: &[u8], output: &mut [u32], bits: u8, delta: Delta) -> usize;
    fn num_bits(&self, input: &[u32], delta: Delta) -> u8;
}

#[derive(Clone, Copy, Debug)]
enum Delta {
    None,
    Sorted(u32),
    Strict(Option<u32>),
}

struct Wrap<P>(P);

impl<P: BitPacker> Packer for Wrap<P> {
    fn compress(&self, input: &[u32], output: &mut [u8], bits: u8, delta: Delta) -> usize {
        match delta {
            Delta::None => self.0.compress(input, output, bits),
            Delta::Sorted(initial) => self.0.compress_sorted(initial, input, output, bits),
            Delta::Strict(initial) => self
                .0
                .compress_strictly_sorted(initial, input, output, bits),
        }
    }

    fn decompress(&self, input: &[u8], output: &mut [u32], bits: u8, delta: Delta) -> usize {
        match delta {
            Delta::None => self.0.decompress(input, output, bits),
            Delta::Sorted(initial) => self.0.decompress_sorted(initial, input, output, bits),
            Delta::Strict(initial) => self
                .0
                .decompress_strictly_sorted(initial, input, output, bits),
        }
    }

    fn num_bits(&self, input: &[u32], delta: Delta) -> u8 {
        match delta {
            Delta::None => self.0.num_bits(input),
            Delta::Sorted(initial) => self.0.num_bits_sorted(initial, input),
            Delta::Strict(initial) => self.0.num_bits_strictly_sorted(initial, input),
        }
    }
}

/// Compares packing, unpacking and widths of `A` and `B` on one block in one delta mode.
fn compare_block<A: BitPacker, B: BitPacker>(
    random: &mut Random,
    block: &[u32],
    bits: u8,
    delta: Delta,
) {
    let len = A::BLOCK_LEN;
    let what = format!("{len}-integer block, {bits} bits, {delta:?}, input {block:?}");
    same::<A, B, _>(&format!("width of {what}"), |p| p.num_bits(block, delta));
    // Bytes the packer must leave alone are set, so a stray write shows.
    same::<A, B, _>(&format!("packing {what}"), |p| {
        let mut output = vec![0xa5u8; len * 4 + 8];
        let written = p.compress(block, &mut output, bits, delta);
        (written, output)
    });
    // Any bytes are a valid packed block: unpack random ones and the packed input.
    let mut packed = vec![0u8; len * 4];
    let written = Wrap(A::new()).compress(block, &mut packed, bits, delta);
    let random_bytes: Vec<u8> = (0..len * bits as usize / 8)
        .map(|_| random.next() as u8)
        .collect();
    for input in [&packed[..written], &random_bytes[..]] {
        same::<A, B, _>(&format!("unpacking {input:?} of {what}"), |p| {
            let mut output = vec![0x5a5a_5a5au32; len + 3];
            let read = p.decompress(input, &mut output, bits, delta);
            (read, output)
        });
    }
}

/// Every width 0..=32, every delta mode, with and without an initial value.
fn compare<A: BitPacker, B: BitPacker>() {
    let len = A::BLOCK_LEN;
    assert_eq!(len, B::BLOCK_LEN);
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for bits in 0..=32u8 {
        for block in plain_blocks(&mut random, len, bits) {
            compare_block::<A, B>(&mut random, &block, bits, Delta::None);
        }
        let initial = random.next() >> 8;
        for (delta, start, strict) in [
            (Delta::Sorted(0), 0, 0),
            (Delta::Sorted(initial), initial, 0),
            (Delta::Strict(None), u32::MAX, 1),
            (Delta::Strict(Some(0)), 0, 1),
            (Delta::Strict(Some(initial)), initial, 1),
        ] {
            for block in sorted_blocks(&mut random, len, bits, start, strict) {
                compare_block::<A, B>(&mut random, &block, bits, delta);
            }
        }
    }
    // Widths over 32 and arrays too short are refused by both.
    let block = vec![1u32; len];
    same::<A, B, _>("packing at 33 bits", |p| {
        p.compress(&block, &mut [0u8; 1024], 33, Delta::None)
    });
    same::<A, B, _>("unpacking at 33 bits", |p| {
        p.decompress(&[0u8; 1024], &mut [0u32; 256], 33, Delta::None)
    });
    same::<A, B, _>("packing into too few bytes", |p| {
        p.compress(&block, &mut [0u8; 3], 1, Delta::None)
    });
    same::<A, B, _>("packing a short block", |p| {
        p.compress(&block[1..], &mut [0u8; 1024], 1, Delta::None)
    });
    same::<A, B, _>("unpacking too few bytes", |p| {
        p.decompress(&[0u8; 3], &mut [0u32; 256], 1, Delta::None)
    });
    same::<A, B, _>("unpacking into a short array", |p| {
        p.decompress(&[0u8; 1024], &mut [0u32; 8], 1, Delta::None)
    });
}

#[cfg(not(debug_assertions))]
#[test]
fn compact_4x_packer_matches_the_unrolled_one() {
    compare::<Compact4x, Unrolled4x>();
}

#[test]
fn compact_4x_packer_matches_the_one_the_cli_writes_the_index_with() {
    compare::<Compact4x, BitPacker4x>();
}

#[cfg(not(debug_assertions))]
#[test]
fn compact_1x_packer_matches_the_unrolled_one() {
    compare::<Compact1x, Unrolled1x>();
}

#[test]
fn compact_1x_packer_matches_the_one_the_cli_writes_the_index_with() {
    compare::<Compact1x, BitPacker1x>();
}

#[test]
fn compact_packers_give_back_what_they_packed() {
    let mut random = Random(7);
    for bits in 0..=32u8 {
        for (len, packer) in [
            (128, &Wrap(Compact4x) as &dyn Packer),
            (32, &Wrap(Compact1x) as &dyn Packer),
        ] {
            let block: Vec<u32> = (0..len).map(|_| random.below_bits(bits)).collect();
            let mut packed = vec![0u8; len * 4];
            let written = packer.compress(&block, &mut packed, bits, Delta::None);
            assert_eq!(written, len * bits as usize / 8);
            let mut unpacked = vec![0u32; len];
            packer.decompress(&packed[..written], &mut unpacked, bits, Delta::None);
            assert_eq!(unpacked, block, "{len}-integer block at {bits} bits");
        }
    }
}
