//! The default stylesheet. (Placeholder until the xhtml branch lands.)
pub fn stylesheet(_vertical: bool, extra: Option<&str>) -> String {
    extra.unwrap_or("").to_owned()
}
