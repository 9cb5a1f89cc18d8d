#!/usr/bin/env python3
"""Generate an image-heavy bench site, like a real Japanese tech blog with screenshots and photos:
60 posts (the sample post's text, each with its own title and date) showing 40 distinct images
(~20 MB), all generated here, deterministically:

- 16 PNG RGBA screenshots, 1456×1096 (macOS-style window with a transparent drop shadow);
- 8 PNG RGB screenshots, 1978×1410 (a terminal or an editor, no alpha);
- 8 JPEG photos, 4032×3024 (a phone camera's size, quality 85);
- 4 GIF, 800×600 (palette, a diagram);
- 4 WebP photos, 1600×1200.

    python3 bench/gen-image-site.py DIR [COPIES [IMAGE_CACHE]]

COPIES (default 1) repeats every post COPIES times with its own title and date, still showing the
same 40 images (the scaled book: 60 × 34 = 2040 posts). The images are drawn once into
IMAGE_CACHE (default DIR/../.hanmoto-bench-images) and copied from there. Some posts show an image through another
path (`/images/…` and `../images/…`, `<img>` and `![]()`) or a byte-identical copy under another
name, as real blogs do. Needs Pillow (`pip install Pillow`).

Writes DIR/_config.yml, DIR/_posts/*.md, DIR/images/, and for pandoc DIR/pandoc/*.md (site paths
written as `images/…`) listed oldest first in DIR/pandoc-inputs.txt, as bench/gen-site.py does.
"""
import datetime
import pathlib
import random
import shutil
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
WORDS = ("docker run container image build the of and to in kubernetes deploy nginx "
         "config server request error log 2015 port volume network compose").split()

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])
copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1
cache = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else out.parent / ".hanmoto-bench-images"

seed = (root / "content/_posts/2015-01-18-docker-meetup-tokyo-4.md").read_text(encoding="utf-8")
body = seed.split("---\n", 2)[2]
# The sample's own images are replaced by the generated ones; its prose stays.
paragraphs = [
    p
    for p in body.split("\n\n")
    if p.strip() and "<img" not in p and "![" not in p and not p.lstrip().startswith("{%")
]


def photo(rng, w, h):
    """A smooth, photo-like picture: blurred colour noise upscaled, plus sensor grain."""
    small = Image.effect_noise((w // 48, h // 48), 64).convert("RGB")
    tint = Image.new("RGB", small.size, tuple(rng.randrange(40, 220) for _ in range(3)))
    small = Image.blend(small, tint, 0.55).filter(ImageFilter.GaussianBlur(2))
    big = small.resize((w, h), Image.BICUBIC)
    grain = Image.effect_noise((w, h), 40).convert("RGB")
    big = Image.blend(big, grain, 0.16)
    d = ImageDraw.Draw(big)
    for _ in range(12):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(w // 40, w // 8)
        d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    return big.filter(ImageFilter.GaussianBlur(0.6))


def text_lines(d, rng, x0, y0, x1, y1, colours, line=22, face=FONT):
    """Anti-aliased words, as real screenshots have (their entropy is what makes them big)."""
    font = ImageFont.truetype(face, line * 2 // 3)
    y = y0
    while y + line < y1:
        x = x0 + rng.randrange(0, 40)
        while x < x1 - 60:
            word = rng.choice(WORDS)
            d.text((x, y), word, font=font, fill=rng.choice(colours))
            x += int(d.textlength(word + " ", font=font))
            if rng.random() < 0.06:
                break
        y += line


def screenshot_rgba(rng, w, h):
    """A window with a title bar and a soft shadow on a transparent background."""
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    m = 48
    shadow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rounded_rectangle((m, m + 12, w - m, h - m + 12), 14, fill=(0, 0, 0, 110))
    img = Image.alpha_composite(img, shadow.filter(ImageFilter.GaussianBlur(18)))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((m, m, w - m, h - m), 12, fill=(250, 250, 250, 255))
    d.rectangle((m, m + 12, w - m, m + 40), fill=(230, 230, 232, 255))
    for i, c in enumerate([(255, 95, 86), (255, 189, 46), (39, 201, 63)]):
        d.ellipse((m + 16 + i * 24, m + 14, m + 30 + i * 24, m + 28), fill=c + (255,))
    d.rectangle((m, m + 40, m + 260, h - m - 12), fill=(240, 240, 244, 255))
    text_lines(d, rng, m + 16, m + 60, m + 240, h - m - 20, [(90, 90, 100, 255)], 28)
    text_lines(d, rng, m + 290, m + 70, w - m - 30, h // 2,
               [(30, 30, 30, 255), (0, 90, 200, 255), (160, 40, 40, 255)])
    # A picture on the page in the window (a web page with a photo).
    pic = photo(rng, (w - 2 * m - 320) // 2, h // 2 - m - 40).convert("RGBA")
    img.alpha_composite(pic, (m + 290, h // 2 + 10))
    return img


def screenshot_rgb(rng, w, h):
    """A terminal or editor: dark background, coloured monospace-like runs."""
    img = Image.new("RGB", (w, h), (30, 32, 40))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 36), fill=(50, 52, 60))
    text_lines(d, rng, 24, 56, w - 24, h - 20,
               [(220, 220, 220), (120, 200, 120), (230, 180, 90), (120, 170, 240)], 26, MONO)
    return img


def diagram(rng, w, h):
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    boxes = []
    for _ in range(7):
        x, y = rng.randrange(20, w - 180), rng.randrange(20, h - 90)
        d.rounded_rectangle((x, y, x + 160, y + 70), 10, outline=(40, 40, 40), width=3,
                            fill=tuple(rng.randrange(180, 256) for _ in range(3)))
        boxes.append((x + 80, y + 35))
    for a, b in zip(boxes, boxes[1:]):
        d.line((a, b), fill=(60, 60, 60), width=3)
    return img.convert("P", palette=Image.ADAPTIVE, colors=32)


def make_images(dest):
    rng = random.Random(20261203)
    dest.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(16):
        names.append((f"screenshot-{i + 1:02d}.png", lambda: screenshot_rgba(rng, 1456, 1096), {}))
    for i in range(8):
        names.append((f"terminal-{i + 1:02d}.png", lambda: screenshot_rgb(rng, 1978, 1410), {}))
    for i in range(8):
        names.append((f"photo-{i + 1:02d}.jpg", lambda: photo(rng, 4032, 3024), {"quality": 85}))
    for i in range(4):
        names.append((f"diagram-{i + 1:02d}.gif", lambda: diagram(rng, 800, 600), {}))
    for i in range(4):
        names.append((f"photo-{i + 1:02d}.webp", lambda: photo(rng, 1600, 1200), {"quality": 85}))
    if not all((dest / n).exists() for n, _, _ in names):
        # All drawn in one go, in order, so the random sequence (and every image) is the same.
        for name, make, opts in names:
            make().save(dest / name, **opts)
    return [n for n, _, _ in names]


images = make_images(cache)
if out.exists():
    shutil.rmtree(out)
(out / "_posts").mkdir(parents=True)
(out / "pandoc").mkdir()
shutil.copytree(cache, out / "images")
# A byte-identical copy under another name (a blog that re-uploaded a screenshot).
shutil.copy(out / "images" / images[0], out / "images" / "screenshot-01-copy.png")
(out / "_config.yml").write_text(
    'title: "画像の多いブログ"\nauthor: "hanmoto bench"\nlang: ja\nurl: "https://blog.example.com"\ntimezone: Asia/Tokyo\n',
    encoding="utf-8",
)

start = datetime.date(2015, 1, 18)
files = []
posts = 60
for c in range(copies):
    for i in range(posts):
        n = c * posts + i
        day = start + datetime.timedelta(days=n)
        name = f"{day.isoformat()}-images-{n + 1:04d}.md"
        title = f"画像つきの記事（その{n + 1}）"
        # 2 of every 3 posts show one or two images; 40 images over 60 posts, every one shown.
        shown = []
        if i % 3 != 2:
            shown.append(images[(i - i // 3) % len(images)])
        if i % 6 == 0:
            shown.append(images[(i // 6 * 7 + 3) % len(images)])
        parts = [f"{paragraphs[(n + k) % len(paragraphs)]}" for k in range(6)]
        for k, img in enumerate(shown):
            if img == images[0] and n % 2:
                img = "screenshot-01-copy.png"
            if k == 0:
                ref = f'<img src="/images/{img}" alt="画面 {n}-{k}" width="600">'
            else:
                ref = f"![写真 {n}-{k}](../images/{img})" if n % 4 else f"![写真 {n}-{k}](/images/{img})"
            parts.insert(2 + 2 * k, ref)
        text = (
            f'---\nlayout: post\ntitle: "{title}"\ndate: {day.isoformat()} 10:00:00 +0900\n'
            f"tags: images bench\n---\n" + "\n\n".join(parts) + "\n"
        )
        (out / "_posts" / name).write_text(text, encoding="utf-8")
        pandoc_text = text.replace('src="/images/', 'src="images/').replace("](/images/", "](images/")
        pandoc_text = pandoc_text.replace("](../images/", "](images/")
        (out / "pandoc" / name).write_text(pandoc_text, encoding="utf-8")
        files.append(str(out / "pandoc" / name))
(out / "pandoc-inputs.txt").write_text("\n".join(files) + "\n", encoding="utf-8")
size = sum(p.stat().st_size for p in (out / "images").iterdir())
print(f"{posts * copies} posts, {len(images)} images ({size / 1e6:.1f} MB) in {out}")
