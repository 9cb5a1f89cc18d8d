//! Jekyll-flavoured Liquid. (Placeholder until the liquid branch lands.)
use crate::diagnostic::Diagnostics;
pub struct LiquidSite {
    pub root: std::path::PathBuf,
    pub site: serde_json::Map<String, serde_json::Value>,
    pub links: crate::site::links::SiteLinks,
}
pub struct LiquidInput<'a> {
    pub body: &'a str,
    pub page: &'a serde_json::Map<String, serde_json::Value>,
    pub file: &'a std::path::Path,
    pub source: &'a str,
    pub first_line: u32,
}
pub struct LiquidEngine;
impl LiquidEngine {
    pub fn new(_site: LiquidSite, _bodies: &[&str]) -> Self {
        LiquidEngine
    }
    pub fn render(&self, input: &LiquidInput, _diags: &Diagnostics) -> Option<String> {
        Some(input.body.to_owned())
    }
}
