//! The sample blog in content/ — the post hanmoto was born from — read end to end.

use hanmoto_tests::*;
use serde_json::Value;
use std::collections::BTreeSet;

fn sample() -> Value {
    let (json, out) = inspect(&workspace_root(), &[]);
    assert!(out.status.success(), "inspect failed:\n{}", stderr(&out));
    json
}

fn walk<'a>(v: &'a Value, f: &mut dyn FnMut(&'a serde_json::Map<String, Value>)) {
    match v {
        Value::Object(m) => {
            f(m);
            for x in m.values() {
                walk(x, f);
            }
        }
        Value::Array(xs) => xs.iter().for_each(|x| walk(x, f)),
        _ => {}
    }
}

#[test]
fn check_exits_zero_on_the_sample() {
    let out = hanmoto(&workspace_root(), &["check", "--offline"]);
    assert!(
        out.status.success(),
        "check failed:\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("posts:  1"), "{}", stdout(&out));
}

#[test]
fn sample_post_metadata() {
    let j = sample();
    let posts = j["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 1);
    let m = &posts[0]["meta"];
    assert_eq!(m["title"], "Docker Meetup Tokyo #4 に行ってきました");
    assert!(
        m["date"].as_str().unwrap().starts_with("2015-01-18"),
        "{}",
        m["date"]
    );
    assert_eq!(m["tags"], serde_json::json!(["docker"]));
    assert_eq!(j["meta"]["language"], "ja");
}

#[test]
fn sample_has_six_level_two_headings() {
    let j = sample();
    let mut h2 = Vec::new();
    walk(&j["posts"][0]["blocks"], &mut |m| {
        if m.get("type") == Some(&Value::from("heading")) && m.get("level") == Some(&Value::from(2))
        {
            h2.push(plain_text(&m["content"]));
        }
    });
    assert_eq!(
        h2,
        [
            "アプリケーションからサービスへ",
            "Dockerを支えるホストOS",
            "Dockerのパフォーマンス",
            "Docker運用のノウハウ",
            "LTも濃かった",
            "まとめ"
        ]
    );
}

#[test]
fn sample_images_are_three_local_decoded_and_one_remote_missing() {
    let j = sample();
    let mut imgs = Vec::new();
    walk(&j["posts"][0]["blocks"], &mut |m| {
        if m.get("type") == Some(&Value::from("image")) {
            imgs.push(m.clone());
        }
    });
    assert_eq!(imgs.len(), 4);
    let widths: Vec<Value> = imgs.iter().map(|i| i["width"].clone()).collect();
    assert_eq!(
        widths,
        [
            serde_json::json!({"unit": "px", "value": 400.0}),
            serde_json::json!({"unit": "px", "value": 200.0}),
            serde_json::json!({"unit": "px", "value": 100.0}),
            Value::Null
        ]
    );
    let assets = j["assets"]["assets"].as_array().expect("assets listed");
    let asset = |i: usize| {
        let id = imgs[i]["asset"].as_u64().unwrap();
        assets
            .iter()
            .find(|a| a["id"].as_u64() == Some(id))
            .unwrap()
            .clone()
    };
    assert_eq!(
        asset(0)["state"]["state"],
        "missing",
        "remote image is unreachable here: {}",
        asset(0)
    );
    for (i, (w, h)) in [(1, (600, 200)), (2, (300, 300)), (3, (800, 300))] {
        let a = asset(i);
        assert_eq!(a["state"]["state"], "loaded", "{a}");
        assert_eq!(
            (a["state"]["width"].as_u64(), a["state"]["height"].as_u64()),
            (Some(w), Some(h)),
            "{a}"
        );
    }
}

#[test]
fn sample_has_twenty_one_distinct_link_urls() {
    let j = sample();
    let mut urls = BTreeSet::new();
    walk(&j["posts"][0]["blocks"], &mut |m| {
        if m.get("type") == Some(&Value::from("link")) {
            urls.insert(m["target"]["url"].as_str().unwrap_or_default().to_owned());
        }
    });
    assert_eq!(urls.len(), 21, "{urls:#?}");
}

#[test]
fn japanese_soft_breaks_join_without_space() {
    let text = plain_text(&sample()["posts"][0]["blocks"]);
    assert!(text.contains("行ってきました。運良く"), "{text}");
    assert!(text.contains("大きくて、Service,"), "{text}");
    let mut texts = Vec::new();
    walk(&sample()["posts"][0]["blocks"], &mut |m| {
        if m.get("type") == Some(&Value::from("text")) {
            texts.push(m["text"].as_str().unwrap_or_default().to_owned());
        }
    });
    assert!(
        texts
            .iter()
            .all(|t| !t.contains("。 ") && !t.contains('\n')),
        "a soft break became a space or stayed a newline: {texts:?}"
    );
}
