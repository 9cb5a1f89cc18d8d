//! Jekyll-flavoured Liquid. (Being written: see the helper's task.)
