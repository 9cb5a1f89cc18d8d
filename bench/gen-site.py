#!/usr/bin/env python3
"""Generate a bench site: N copies of the sample post, each with its own date and title, sharing
the sample's images (so an EPUB or PDF of it embeds 3 images, not 3×N).

    python3 bench/gen-site.py 200 /tmp/bench-200

Writes DIR/_config.yml, DIR/_posts/*.md and DIR/images (a copy of content/images), plus, for
pandoc, DIR/pandoc/*.md: the same posts with `/images/…` written as `images/…` (pandoc reads
site-absolute paths as file-system paths), so that with `--resource-path DIR` it embeds the same
images, and DIR/pandoc-inputs.txt listing them oldest first.
"""
import datetime
import pathlib
import shutil
import sys

root = pathlib.Path(__file__).resolve().parent.parent
n = int(sys.argv[1])
out = pathlib.Path(sys.argv[2])
seed = (root / "content/_posts/2015-01-18-docker-meetup-tokyo-4.md").read_text(encoding="utf-8")
front, body = seed.split("---\n", 2)[1:]
# The sample's remote image is unreachable from here. Point it at a closed local port so every
# tool fails to fetch it at once: the benchmark then times typesetting, not network timeouts.
body = body.replace("https://connpass-tokyo.s3.amazonaws.com/", "http://127.0.0.1:9/")

if out.exists():
    shutil.rmtree(out)
(out / "_posts").mkdir(parents=True)
(out / "pandoc").mkdir()
shutil.copytree(root / "content/images", out / "images")
(out / "_config.yml").write_text(
    'title: "ベンチマーク用ブログ"\nauthor: "hanmoto bench"\nlang: ja\nurl: "https://blog.example.com"\ntimezone: Asia/Tokyo\n',
    encoding="utf-8",
)
start = datetime.date(2015, 1, 18)
files = []
for i in range(n):
    day = start + datetime.timedelta(days=i)
    name = f"{day.isoformat()}-docker-meetup-{i + 1:03d}.md"
    title = f"Docker Meetup Tokyo #{i + 4} に行ってきました（その{i + 1}）"
    text = f'---\nlayout: post\ntitle: "{title}"\ndate: {day.isoformat()} 10:00:00 +0900\ntags: docker bench\n---\n{body}'
    (out / "_posts" / name).write_text(text, encoding="utf-8")
    (out / "pandoc" / name).write_text(text.replace('src="/images/', 'src="images/'), encoding="utf-8")
    files.append(str(out / "pandoc" / name))
(out / "pandoc-inputs.txt").write_text("\n".join(files) + "\n", encoding="utf-8")
print(f"{n} posts in {out}")
