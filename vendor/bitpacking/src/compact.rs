//! Kaartenbak patch: loop-based `BitPacker1x` and `BitPacker4x` with the same output as the unrolled
//! scalar code of this crate, used instead of it on `wasm32` (see `vendor/README.md` of Kaartenbak).
//!
//! The unrolled code generates one pack and one unpack function per bit width (1 to 32) and per delta
//! mode; in a browser's WebAssembly module that was about 390 KB before gzip. These loops compute the
//! same bits with one function per operation.
//!
//! Layout (both packers): a block is 32 rows of `LANES` integers (`LANES` = 1 or 4); integer `j` is in
//! row `j / LANES`, lane `j % LANES`. With `num_bits` = b, lane `l` of row `k` occupies bits
//! `k * b .. k * b + b` of lane `l`'s bit stream, which is stored as `b` words of 32 bits, lowest bit
//! first, word `m` of lane `l` being the native-endian `u32` number `m * LANES + l` of the output.
//!
//! Like the unrolled code, packing does not mask its inputs: an integer of more than `b` bits spills its
//! high bits into its neighbours exactly as the shifts and ORs of the unrolled code do.

use crate::{most_significant_bit, UnsafeBitPacker};

/// Rows per block.
const ROWS: usize = 32;

/// What packing subtracts from (and unpacking adds to) each integer.
#[derive(Clone, Copy)]
enum Delta {
    /// The integers themselves.
    None,
    /// The difference with the previous integer (the first with the given initial value).
    Sorted(u32),
    /// The difference with the previous integer minus one.
    Strict(u32),
}

/// The loop-based packer over blocks of `32 * LANES` integers.
pub struct Compact<const LANES: usize>;

/// Packs `input` (exactly one block) into `output`; returns the bytes written (`num_bits * 4 * LANES`).
fn pack<const LANES: usize>(input: &[u32], output: &mut [u8], num_bits: u8, delta: Delta) -> usize {
    // The unrolled code writes nothing and checks nothing for a width of 0.
    if num_bits == 0 {
        return 0;
    }
    if num_bits > 32 {
        panic!("Num bits must be <= 32. Was {}.", num_bits);
    }
    let block_len = ROWS * LANES;
    let bits = num_bits as usize;
    let num_bytes = bits * block_len / 8;
    assert_eq!(
        input.len(),
        block_len,
        "Input block too small {}, (expected {})",
        input.len(),
        block_len
    );
    assert!(
        output.len() >= num_bytes,
        "Output array too small (numbits {}). {} <= {}",
        num_bits,
        output.len(),
        num_bytes
    );
    let mut words = [0u32; ROWS * 4];
    let mut previous = match delta {
        Delta::None => 0,
        Delta::Sorted(initial) | Delta::Strict(initial) => initial,
    };
    for (j, &value) in input.iter().enumerate() {
        let transformed = match delta {
            Delta::None => value,
            Delta::Sorted(_) => value.wrapping_sub(previous),
            Delta::Strict(_) => value.wrapping_sub(previous).wrapping_sub(1),
        };
        previous = value;
        let (row, lane) = (j / LANES, j % LANES);
        let position = row * bits;
        let (word, shift) = (position / 32, position % 32);
        words[word * LANES + lane] |= transformed << shift;
        // The integer runs over into the next word: its high bits start that word.
        if shift + bits > 32 {
            words[(word + 1) * LANES + lane] |= transformed >> (32 - shift);
        }
    }
    for (chunk, word) in output[..num_bytes].chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&word.to_ne_bytes());
    }
    num_bytes
}

/// Unpacks one block from `compressed` into the first `32 * LANES` integers of `output`; returns the
/// bytes read.
fn unpack<const LANES: usize>(
    compressed: &[u8],
    output: &mut [u32],
    num_bits: u8,
    delta: Delta,
) -> usize {
    let block_len = ROWS * LANES;
    assert!(
        output.len() >= block_len,
        "The output array is not large enough : ({} >= {})",
        output.len(),
        block_len
    );
    if num_bits > 32 {
        panic!("Num bits must be <= 32. Was {}.", num_bits);
    }
    let bits = num_bits as usize;
    let num_bytes = bits * block_len / 8;
    // The unrolled code reads nothing (and checks no length) for a width of 0: every integer is 0.
    if bits > 0 {
        assert!(
            compressed.len() >= num_bytes,
            "Compressed array seems too small. ({} < {}) ",
            compressed.len(),
            num_bytes
        );
    }
    let word = |index: usize| {
        let start = index * 4;
        u32::from_ne_bytes([
            compressed[start],
            compressed[start + 1],
            compressed[start + 2],
            compressed[start + 3],
        ])
    };
    let mask = ((1u64 << bits) - 1) as u32;
    let mut current = match delta {
        Delta::None => 0,
        Delta::Sorted(initial) | Delta::Strict(initial) => initial,
    };
    for (j, slot) in output[..block_len].iter_mut().enumerate() {
        let mut value = 0;
        if bits > 0 {
            let (row, lane) = (j / LANES, j % LANES);
            let position = row * bits;
            let (index, shift) = (position / 32, position % 32);
            value = word(index * LANES + lane) >> shift;
            if shift + bits > 32 {
                value |= word((index + 1) * LANES + lane) << (32 - shift);
            }
            value &= mask;
        }
        *slot = match delta {
            Delta::None => value,
            Delta::Sorted(_) => {
                current = current.wrapping_add(value);
                current
            }
            Delta::Strict(_) => {
                current = current.wrapping_add(value).wrapping_add(1);
                current
            }
        };
    }
    num_bytes
}

/// The widest (transformed) integer of a block, in bits.
fn num_bits<const LANES: usize>(decompressed: &[u32], delta: Delta) -> u8 {
    let block_len = ROWS * LANES;
    assert_eq!(
        decompressed.len(),
        block_len,
        "`decompressed`'s len is not `BLOCK_LEN={}`",
        block_len
    );
    let mut previous = match delta {
        Delta::None => 0,
        Delta::Sorted(initial) | Delta::Strict(initial) => initial,
    };
    let mut accumulator = 0;
    for &value in decompressed {
        accumulator |= match delta {
            Delta::None => value,
            Delta::Sorted(_) => value.wrapping_sub(previous),
            Delta::Strict(_) => value.wrapping_sub(previous).wrapping_sub(1),
        };
        previous = value;
    }
    most_significant_bit(accumulator)
}

/// The initial value of the strictly sorted codec: "none" is one below zero, wrapping (as upstream).
fn strict(initial: Option<u32>) -> Delta {
    Delta::Strict(initial.unwrap_or(u32::MAX))
}

impl<const LANES: usize> UnsafeBitPacker for Compact<LANES> {
    const BLOCK_LEN: usize = ROWS * LANES;

    unsafe fn compress(decompressed: &[u32], compressed: &mut [u8], num_bits: u8) -> usize {
        pack::<LANES>(decompressed, compressed, num_bits, Delta::None)
    }

    unsafe fn compress_sorted(
        initial: u32,
        decompressed: &[u32],
        compressed: &mut [u8],
        num_bits: u8,
    ) -> usize {
        pack::<LANES>(decompressed, compressed, num_bits, Delta::Sorted(initial))
    }

    unsafe fn compress_strictly_sorted(
        initial: Option<u32>,
        decompressed: &[u32],
        compressed: &mut [u8],
        num_bits: u8,
    ) -> usize {
        pack::<LANES>(decompressed, compressed, num_bits, strict(initial))
    }

    unsafe fn decompress(compressed: &[u8], decompressed: &mut [u32], num_bits: u8) -> usize {
        unpack::<LANES>(compressed, decompressed, num_bits, Delta::None)
    }

    unsafe fn decompress_sorted(
        initial: u32,
        compressed: &[u8],
        decompressed: &mut [u32],
        num_bits: u8,
    ) -> usize {
        unpack::<LANES>(compressed, decompressed, num_bits, Delta::Sorted(initial))
    }

    unsafe fn decompress_strictly_sorted(
        initial: Option<u32>,
        compressed: &[u8],
        decompressed: &mut [u32],
        num_bits: u8,
    ) -> usize {
        unpack::<LANES>(compressed, decompressed, num_bits, strict(initial))
    }

    unsafe fn num_bits(decompressed: &[u32]) -> u8 {
        num_bits::<LANES>(decompressed, Delta::None)
    }

    unsafe fn num_bits_sorted(initial: u32, decompressed: &[u32]) -> u8 {
        num_bits::<LANES>(decompressed, Delta::Sorted(initial))
    }

    unsafe fn num_bits_strictly_sorted(initial: Option<u32>, decompressed: &[u32]) -> u8 {
        num_bits::<LANES>(decompressed, strict(initial))
    }
}
