//! An image's bytes, shared by every backend without a copy: either mapped from the site's file
//! or held in memory (downloads, `data:` URIs, sanitised SVG, images a backend made).
//!
//! Why a mapping: an image-heavy blog is mostly image bytes that nothing decodes (the EPUB stores
//! them, the PDF passes JPEG and PNG data through). Reading 20 MB of screenshots into fresh heap
//! pages costs a copy and a page fault per 4 KiB, several times what hashing and archiving them
//! costs; a read-only mapping shares the kernel's page cache instead (measured on the image bench
//! site: 21 ms to read its 40 files, 2 ms to map them).
//!
//! The caveat of every mapping (rustc maps its inputs, ripgrep its files, under the same
//! assumption): a file that another program *truncates* while the build runs cannot be read past
//! its new end (the process gets SIGBUS). Editors save by writing a new file and renaming it,
//! which leaves our mapping of the old one intact. Small files (below `MAP_AT_LEAST`) are read.

use std::fmt;
use std::fs::File;
use std::io::Read as _;
use std::ops::Deref;
use std::sync::Arc;

/// Below this a read is as cheap as a mapping (and keeps the file's handle count low).
pub(crate) const MAP_AT_LEAST: u64 = 256 * 1024;

/// The bytes of one asset: cheap to clone, derefs to `[u8]`.
#[derive(Clone)]
pub struct AssetBytes(Arc<Repr>);

enum Repr {
    Heap(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl AssetBytes {
    /// The whole of `file`, whose length is `len` (from its metadata; the caller has checked it
    /// against the size limit): mapped when large, read otherwise. `cap` bounds the read, as
    /// the file may grow between the metadata and the read.
    pub(crate) fn of_file(file: File, len: u64, cap: u64) -> std::io::Result<AssetBytes> {
        if len >= MAP_AT_LEAST {
            // SAFETY: the mapping is read-only and private to this process; see the module note
            // on files truncated by another program during the build.
            let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) };
            // A file system that cannot map (some FUSE and network mounts) is read instead.
            if let Ok(map) = map {
                return Ok(AssetBytes(Arc::new(Repr::Mapped(map))));
            }
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(cap).read_to_end(&mut bytes)?;
        Ok(AssetBytes::from(bytes))
    }
}

impl From<Vec<u8>> for AssetBytes {
    fn from(bytes: Vec<u8>) -> Self {
        AssetBytes(Arc::new(Repr::Heap(bytes)))
    }
}

impl Deref for AssetBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &*self.0 {
            Repr::Heap(v) => v,
            Repr::Mapped(m) => m,
        }
    }
}

impl AsRef<[u8]> for AssetBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl fmt::Debug for AssetBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match &*self.0 {
            Repr::Heap(_) => "in memory",
            Repr::Mapped(_) => "mapped",
        };
        write!(f, "AssetBytes({} bytes, {how})", self.len())
    }
}

impl PartialEq for AssetBytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}
