//! Charts as PNG images: a stacked bar of one group's camps, in the report's colours.
//!
//! The bar carries no text (fonts would make the image depend on the machine); the table
//! beside it in the document gives each camp's count and share, keyed by the same colours.

use super::Chart;

/// Width of a bar chart, in pixels.
const WIDTH: u32 = 600;
/// Height of a bar chart, in pixels.
const HEIGHT: u32 = 40;
/// Background and the gap between segments: white.
const PAPER: [u8; 3] = [255, 255, 255];

/// A stacked bar of `parts` (a colour as `rrggbb`, and a count), left to right, each as wide as
/// its share of the total; `description` says the same in words.
pub(crate) fn stacked_bar(parts: &[(&str, u64)], description: String) -> Chart {
    let total: u64 = parts.iter().map(|(_, n)| n).sum();
    let mut row = vec![PAPER; WIDTH as usize];
    if total > 0 {
        // Each segment ends at its cumulative share of the width, so rounding never leaves
        // a gap at the right or pushes a segment past it.
        let mut start = 0usize;
        let mut cumulative = 0u64;
        for (colour, n) in parts {
            cumulative += n;
            let end = (cumulative as f64 / total as f64 * f64::from(WIDTH)).round() as usize;
            let rgb = rgb(colour);
            for (x, px) in row.iter_mut().enumerate().take(end).skip(start) {
                // One pixel of paper between neighbouring segments keeps them apart in greyscale.
                *px = if x + 1 == end && end < WIDTH as usize {
                    PAPER
                } else {
                    rgb
                };
            }
            start = end;
        }
    }
    let pixels: Vec<u8> = (0..HEIGHT).flat_map(|_| row.iter().flatten().copied()).collect();
    Chart {
        png: encode(&pixels, WIDTH, HEIGHT),
        width_px: WIDTH,
        height_px: HEIGHT,
        description,
    }
}

/// Six hex digits as red, green and blue; anything unreadable is drawn black.
fn rgb(hex: &str) -> [u8; 3] {
    let hex = hex.trim_start_matches('#');
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    [byte(0), byte(2), byte(4)]
}

/// RGB pixels, row by row, as a PNG file's bytes.
fn encode(pixels: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Writing into a Vec cannot fail, and the pixel count matches the header by construction.
    let mut writer = encoder.write_header().expect("a PNG header writes to memory");
    writer
        .write_image_data(pixels)
        .expect("the pixels match the header");
    writer.finish().expect("a PNG finishes in memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png_bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf)
    }

    #[test]
    fn segments_are_as_wide_as_their_shares() {
        let chart = stacked_bar(
            &[("0072b2", 3), ("e69f00", 1), ("8c9196", 0)],
            "3 for, 1 against".into(),
        );
        let (info, pixels) = decode(&chart.png);
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        let at = |x: usize| [pixels[3 * x], pixels[3 * x + 1], pixels[3 * x + 2]];
        assert_eq!(at(0), [0x00, 0x72, 0xb2]);
        assert_eq!(at(440), [0x00, 0x72, 0xb2]);
        // Three quarters of 600 is 450: the gap, then the second camp to the right edge.
        assert_eq!(at(449), PAPER);
        assert_eq!(at(451), [0xe6, 0x9f, 0x00]);
        assert_eq!(at(599), [0xe6, 0x9f, 0x00]);
    }

    #[test]
    fn an_empty_group_is_a_blank_bar() {
        let chart = stacked_bar(&[("0072b2", 0)], "nobody".into());
        let (_, pixels) = decode(&chart.png);
        assert!(pixels.iter().all(|&b| b == 255));
    }
}
