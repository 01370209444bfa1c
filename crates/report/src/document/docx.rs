//! Writes a [`Document`] as Word's Office Open XML (`.docx`) with the `docx-rs` crate.
//!
//! Styles carry Word's own ids (`Title`, `Heading1`, `Quote`, …) so that an editor's style
//! menu and navigation pane work as usual; bullets are one numbering definition.

use super::{Block, Document, hex6, printable};
use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering, NumberingId,
    PageMargin, Paragraph, Pic, Run, RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};

/// Twentieths of a point per centimetre.
const TWIPS_PER_CM: f64 = 566.93;
/// English Metric Units per centimetre, for image sizes.
const EMU_PER_CM: f64 = 360_000.0;
/// Body text width on an A4 page with 2 cm margins, in centimetres.
const TEXT_WIDTH_CM: f64 = 17.0;
/// The one numbering definition, for bullets.
const BULLETS: usize = 1;

/// The document as a `.docx` file's bytes.
pub(crate) fn write(doc: &Document) -> Vec<u8> {
    let twips = |cm: f64| (cm * TWIPS_PER_CM).round() as i32;
    let mut docx = Docx::new()
        .page_size(twips(21.0) as u32, twips(29.7) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(2.0))
                .bottom(twips(2.0))
                .left(twips(2.0))
                .right(twips(2.0)),
        )
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(22)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(52)
                .bold(),
        )
        .add_style(heading(1, 40))
        .add_style(heading(2, 30))
        .add_style(heading(3, 24))
        .add_style(
            Style::new("Note", StyleType::Paragraph)
                .name("Note")
                .italic()
                .color("505A5F"),
        )
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .italic()
                .indent(Some(twips(1.0)), None, Some(twips(1.0)), None),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("Table Text")
                .size(20),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(twips(0.64)),
                    Some(SpecialIndentType::Hanging(twips(0.64))),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    let mut pictures = 0;
    for block in &doc.blocks {
        docx = match block {
            Block::Title(t) => docx.add_paragraph(styled("Title", t)),
            Block::Heading(level, t) => {
                docx.add_paragraph(styled(&format!("Heading{}", (*level).clamp(1, 3)), t))
            }
            Block::Paragraph(t) => docx.add_paragraph(text(t)),
            Block::Note(t) => docx.add_paragraph(styled("Note", t)),
            Block::Quote(t) => docx.add_paragraph(styled("Quote", t)),
            Block::Bullets(items) => items.iter().fold(docx, |d, item| {
                d.add_paragraph(text(item).numbering(NumberingId::new(BULLETS), IndentLevel::new(0)))
            }),
            Block::Table(t) => {
                let width = (TEXT_WIDTH_CM * TWIPS_PER_CM) as usize;
                let widths: Vec<usize> = t
                    .fractions()
                    .iter()
                    .map(|f| (f * width as f64) as usize)
                    .collect();
                let sized = |i: usize, cell: TableCell| {
                    cell.width(widths.get(i).copied().unwrap_or(0), WidthType::Dxa)
                };
                let header = TableRow::new(
                    t.header
                        .iter()
                        .enumerate()
                        .map(|(i, h)| sized(i, TableCell::new().add_paragraph(styled("TableText", h).bold())))
                        .collect(),
                );
                let rows = t.rows.iter().map(|row| {
                    TableRow::new(
                        row.iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let cell =
                                    sized(i, TableCell::new().add_paragraph(styled("TableText", &c.text)));
                                match &c.fill {
                                    // docx-rs writes a fill unescaped, so only six hex digits reach it.
                                    Some(f) => cell.shading(Shading::new().fill(hex6(f))),
                                    None => cell,
                                }
                            })
                            .collect(),
                    )
                });
                docx.add_table(
                    Table::new(std::iter::once(header).chain(rows).collect())
                        .width(width, WidthType::Dxa)
                        .set_grid(widths.clone()),
                )
            }
            Block::Chart(c) => {
                pictures += 1;
                let height_cm = TEXT_WIDTH_CM * f64::from(c.height_px) / f64::from(c.width_px.max(1));
                // An explicit id: the crate's default comes from a process-wide counter, which
                // would make the same document's bytes depend on what was written before it.
                let pic = Pic::new_with_dimensions(c.png.clone(), c.width_px, c.height_px)
                    .id(format!("rIdImage{pictures}"))
                    .size(
                        (TEXT_WIDTH_CM * EMU_PER_CM) as u32,
                        (height_cm * EMU_PER_CM) as u32,
                    );
                docx.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)))
                    .add_paragraph(styled("Note", &c.description))
            }
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    // Packing into memory cannot fail: the only errors are the writer's.
    docx.build().pack(&mut out).expect("a docx packs in memory");
    out.into_inner()
}

fn heading(level: u8, half_points: usize) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .size(half_points)
        .bold()
        .outline_lvl(usize::from(level - 1))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(printable(t)))
}

fn styled(style: &str, t: &str) -> Paragraph {
    text(t).style(style)
}
