//! hanmoto-pdf: Book → PDF. Arrives with the PDF issue.

pub mod layout;
