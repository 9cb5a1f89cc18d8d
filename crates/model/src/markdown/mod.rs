//! Markdown → blocks. (Placeholder until the markdown branch lands.)
use crate::document::Block;
pub struct BodyContext<'a> {
    pub file: &'a std::path::Path,
    pub source: &'a str,
    pub first_line: u32,
    pub assets: &'a crate::assets::AssetStore,
    pub links: &'a crate::site::links::SiteLinks,
    pub diagnostics: &'a crate::diagnostic::Diagnostics,
}
pub fn parse_markdown(_body: &str, _ctx: &BodyContext) -> Vec<Block> {
    Vec::new()
}
pub fn parse_html(_body: &str, _ctx: &BodyContext) -> Vec<Block> {
    Vec::new()
}
