//! Images: one XObject per asset, JPEG passed through, alpha as a soft mask.
