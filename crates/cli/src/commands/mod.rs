pub mod build;
pub mod check;
pub mod handout;
pub mod init;
pub mod inspect;
