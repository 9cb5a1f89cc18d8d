//! TextMate scopes (what syntect's grammars name) folded into the model's small vocabulary.

use super::TokenKind;
use std::cell::RefCell;
use std::collections::HashMap;
use syntect::parsing::Scope;

/// The kind of an atom from its scope stack, outermost first; `None` for plain text.
///
/// The innermost scope that means something wins, with three exceptions that make the tokens
/// read as Rouge's do: a string's or comment's own punctuation (the quotes, `#`, `//`) belongs to
/// the string or comment; a mapping key (JSON, YAML, TOML) is an attribute even where the
/// grammar calls it a string; a declaration keyword (`def`, `fn`, `class`) is a keyword even where
/// the grammar files it under `storage.type`.
pub fn kind_of(stack: &[Scope], sigils: bool) -> Option<TokenKind> {
    // Scopes are interned atoms: what each one means is worked out once per thread.
    thread_local! {
        static MEANING: RefCell<HashMap<(Scope, bool), Meaning>> = RefCell::new(HashMap::new());
    }
    MEANING.with(|m| {
        let mut m = m.borrow_mut();
        let mut meaning = |s: &Scope| {
            *m.entry((*s, sigils)).or_insert_with(|| {
                let name = s.build_string();
                if name.starts_with("meta.mapping.key") {
                    Meaning::Key
                } else if name.starts_with("keyword.declaration") {
                    Meaning::Declaration
                } else {
                    Meaning::Kind(one(&name, sigils))
                }
            })
        };
        let (mut key, mut declaration, mut innermost) = (false, false, None);
        for scope in stack {
            match meaning(scope) {
                Meaning::Key => key = true,
                Meaning::Declaration => declaration = true,
                Meaning::Kind(Some(k)) => innermost = Some(k),
                Meaning::Kind(None) => {}
            }
        }
        if key {
            Some(TokenKind::Attribute)
        } else if declaration {
            Some(TokenKind::Keyword)
        } else {
            innermost
        }
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Meaning {
    Key,
    Declaration,
    Kind(Option<TokenKind>),
}

fn one(scope: &str, sigils: bool) -> Option<TokenKind> {
    use TokenKind::*;
    let is = |prefix: &str| {
        scope.starts_with(prefix)
            && scope[prefix.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == '.')
    };
    if is("punctuation.definition.string")
        || is("punctuation.definition.comment")
        || is("punctuation.definition.heading")
        || is("punctuation.definition.inserted")
        || is("punctuation.definition.deleted")
        || is("punctuation.definition.raw")
    {
        return None; // takes the kind of the scope around it
    }
    Some(if is("comment") {
        Comment
    } else if is("string.regexp") || is("string.regex") {
        Regex
    } else if is("constant.character.escape") || is("constant.character") {
        Escape
    } else if is("string") || is("markup.raw") || is("markup.underline.link") {
        String
    } else if is("constant.numeric") {
        Number
    } else if is("constant.language")
        || is("constant.other")
        || is("support.constant")
        || is("variable.language")
        || is("variable.other.constant")
        || is("entity.name.constant")
    {
        Constant
    } else if is("support.type.property-name")
        || (is("entity.name.tag") && (scope.ends_with(".yaml") || scope.ends_with(".toml")))
    {
        // CSS properties, YAML and TOML keys: Rouge's `na`.
        Attribute
    } else if is("keyword.operator.word")
        || is("keyword.operator.logical.python")
        || is("support.function.construct")
    {
        Keyword
    } else if is("keyword.operator") {
        Operator
    } else if is("keyword") || is("storage") {
        // `storage.type` is `int` in C but `const`, `func`, `my` elsewhere: a keyword either way.
        Keyword
    } else if is("entity.name.function")
        || is("support.function")
        || is("variable.function")
        || is("meta.function-call.identifier")
    {
        Function
    } else if is("entity.name.type")
        || is("entity.name.class")
        || is("entity.name.struct")
        || is("entity.name.enum")
        || is("entity.name.trait")
        || is("entity.name.interface")
        || is("entity.name.namespace")
        || is("entity.other.inherited-class")
        || is("support.type")
        || is("support.class")
    {
        Type
    } else if is("entity.name.tag") || is("entity.name.selector") || is("entity.other.pseudo-class")
    {
        Tag
    } else if is("entity.other.attribute-name") || is("support.type.property-name") {
        Attribute
    } else if is("markup.heading")
        || is("entity.name.section")
        || is("meta.diff.range")
        || is("meta.diff.header")
    {
        Heading
    } else if is("markup.inserted") {
        Inserted
    } else if is("markup.deleted") {
        Deleted
    } else if is("variable.parameter")
        || is("variable.other.readwrite.instance")
        || is("variable.other.readwrite.class")
        || is("variable.other.readwrite.global")
        || is("punctuation.definition.variable")
        || (sigils && (is("variable.other") || is("variable")))
    {
        Variable
    } else if is("punctuation") {
        Punctuation
    } else {
        return None;
    })
}
