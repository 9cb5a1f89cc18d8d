//! The parsed book: its metadata, its posts and the images they share.

use crate::assets::AssetStore;
use crate::document::Block;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Serialize)]
pub struct Book {
    pub meta: BookMeta,
    pub posts: Vec<Post>,
    pub assets: AssetStore,
    /// The user's extra CSS (`[epub] stylesheet`), read once here so backends never open files.
    pub stylesheet: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    /// BCP 47 language tag (`ja`).
    pub language: String,
    pub publisher: Option<String>,
    /// The site's `url` + `baseurl` (`https://example.com/blog`), when it has one.
    pub site_url: Option<String>,
    /// A URL-safe name for output files (`build/<slug>.epub`).
    pub slug: String,
    /// The cover image (`[book] cover`), when one is given; backends generate one otherwise.
    pub cover: Option<crate::assets::AssetId>,
}

#[derive(Debug, Serialize)]
pub struct Post {
    pub meta: PostMeta,
    pub blocks: Vec<Block>,
    /// The post's file, relative to the site root.
    pub source: PathBuf,
}

#[derive(Debug, Clone, Serialize)]
pub struct PostMeta {
    /// The file name without extension (`2015-01-18-docker-meetup-tokyo-4`): what `post_url` names.
    pub id: String,
    pub title: String,
    pub date: DateTime<FixedOffset>,
    /// The file-name slug (`docker-meetup-tokyo-4`).
    pub slug: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    /// BCP 47 language of the post (front matter `lang`, else the book's).
    pub lang: String,
    /// The post's URL path on the blog (`/2015/01/18/docker-meetup-tokyo-4.html`), from `permalink`.
    pub url: String,
    pub draft: bool,
    /// Every front-matter key (after `defaults`), for templates and plugins.
    pub front_matter: serde_json::Map<String, serde_json::Value>,
}
