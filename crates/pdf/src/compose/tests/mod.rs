//! Flow and pagination tests on pure data: hand-built posts composed into frames.
