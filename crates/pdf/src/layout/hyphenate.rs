//! English hyphenation points for Latin words, as soft hyphens (U+00AD) the breaker may use.
//! Liang's patterns through the `hyphenation` crate (en-US, embedded). URLs, handles, file names
//! and anything with digits are left alone: a hyphen printed inside a URL would change it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

use super::kinsoku::{is_space, SOFT_HYPHEN};
use super::Item;

/// Words shorter than this are not hyphenated (TeX's minima: 2 letters before, 3 after).
const MIN_WORD_CHARS: usize = 5;

fn dictionary() -> Option<&'static Standard> {
    static EN_US: OnceLock<Option<Standard>> = OnceLock::new();
    EN_US
        .get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

fn char_of(item: &Item) -> Option<char> {
    match item {
        Item::Char { ch, .. } => Some(*ch),
        _ => None,
    }
}

/// A run of Latin-script text between spaces, Japanese text and boxes.
fn is_token_char(item: &Item) -> bool {
    !is_space(item) && char_of(item).is_some_and(|c| (c as u32) < 0x2E80 && !c.is_control())
}

/// Tokens that must never get a hyphen: URLs, handles, paths, numbers, words already hyphenated.
fn is_hyphenatable_token(token: &[char]) -> bool {
    let has_inner_dot = token
        .windows(2)
        .any(|w| w[0] == '.' && w[1].is_alphanumeric());
    !has_inner_dot
        && !token.iter().any(|&c| {
            matches!(
                c,
                '/' | '@' | '_' | ':' | '=' | '&' | '?' | '#' | '\\' | SOFT_HYPHEN
            ) || c.is_numeric()
        })
}

/// Distinct words whose breaks a thread keeps (a blog repeats its vocabulary from post to post).
const MAX_KEPT_WORDS: usize = 8192;

thread_local! {
    static KEPT_WORDS: RefCell<HashMap<String, Vec<usize>>> = RefCell::new(HashMap::new());
}

/// The hyphenation points of `word` as character offsets, in increasing order; looked up in the
/// patterns once per word and thread.
fn word_breaks(dict: &Standard, word: &str) -> Vec<usize> {
    if let Some(breaks) = KEPT_WORDS.with(|kept| kept.borrow().get(word).cloned()) {
        return breaks;
    }
    // The patterns are lower case; byte offsets in it → character offsets, unless lowering
    // changed the number of characters (`İ`).
    let lower = word.to_lowercase();
    let mut breaks: Vec<usize> = if lower.chars().count() == word.chars().count() {
        let h = dict.hyphenate(&lower);
        h.breaks
            .iter()
            .filter_map(|&b| lower.get(..b).map(|p| p.chars().count()))
            .collect()
    } else {
        Vec::new()
    };
    breaks.sort_unstable();
    KEPT_WORDS.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.len() < MAX_KEPT_WORDS {
            kept.insert(word.to_owned(), breaks.clone());
        }
    });
    breaks
}

/// Inserts soft hyphens at the English hyphenation points of the paragraph's Latin words;
/// `hyphen_advance` is the width (pt) of the hyphen shown when a line ends there. Returns the items
/// unchanged when the dictionary cannot be loaded. Line indices then refer to the returned items.
pub fn hyphenate(items: &[Item], hyphen_advance: f32) -> Vec<Item> {
    let Some(dict) = dictionary() else {
        return items.to_vec();
    };
    let mut out = Vec::with_capacity(items.len() + items.len() / 8);
    let mut k = 0;
    while k < items.len() {
        if !is_token_char(&items[k]) {
            out.push(items[k].clone());
            k += 1;
            continue;
        }
        let end = (k..items.len())
            .find(|&j| !is_token_char(&items[j]))
            .unwrap_or(items.len());
        let token: Vec<char> = items[k..end].iter().filter_map(char_of).collect();
        if !is_hyphenatable_token(&token) {
            out.extend_from_slice(&items[k..end]);
            k = end;
            continue;
        }
        // Hyphenate each alphabetic run of the token (`well-known,` → `well`, `known`).
        let mut j = k;
        while j < end {
            let run_end = (j..end)
                .find(|&r| !char_of(&items[r]).is_some_and(char::is_alphabetic))
                .unwrap_or(end);
            if run_end == j {
                out.push(items[j].clone());
                j += 1;
                continue;
            }
            let word: String = items[j..run_end].iter().filter_map(char_of).collect();
            let breaks: Vec<usize> = if word.chars().count() >= MIN_WORD_CHARS {
                word_breaks(dict, &word)
            } else {
                Vec::new()
            };
            let mut next_break = breaks.into_iter().peekable();
            for (offset, item) in items[j..run_end].iter().enumerate() {
                if next_break.next_if_eq(&offset).is_some() {
                    out.push(Item::Char {
                        ch: SOFT_HYPHEN,
                        advance: hyphen_advance,
                    });
                }
                out.push(item.clone());
            }
            j = run_end;
        }
        k = end;
    }
    out
}
