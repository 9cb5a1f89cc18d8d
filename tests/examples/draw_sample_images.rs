//! Draws the three placeholder logos that the sample post
//! `content/_posts/2015-01-18-docker-meetup-tokyo-4.md` shows, at the pixel sizes the real ones had:
//!
//! ```text
//! cargo run -p hanmoto-tests --example draw_sample_images -- content/images/2015/01/18
//! ```
//!
//! The originals are trademarks we cannot ship; these are plain geometry in similar colours, so the
//! book looks like the blog without copying anyone's artwork. Output is deterministic (pure maths,
//! no fonts, no randomness): rerunning it gives byte-identical files.

use std::error::Error;
use std::f32::consts::PI;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageEncoder, RgbaImage};

fn main() -> Result<(), Box<dyn Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: draw_sample_images <out dir>")?;
    std::fs::create_dir_all(&out)?;
    save(&coreos_horizontal(), &out.join("coreos-horiz.png"))?;
    save(&kubernetes_wheel(), &out.join("kubernates.png"))?;
    save(&project_atomic(), &out.join("project-atomic.png"))?;
    Ok(())
}

type Rgb = [f32; 3];

const fn rgb(hex: u32) -> Rgb {
    [
        ((hex >> 16) & 0xff) as f32 / 255.0,
        ((hex >> 8) & 0xff) as f32 / 255.0,
        (hex & 0xff) as f32 / 255.0,
    ]
}

/// A transparent canvas in premultiplied linear-ish RGBA; shapes are painted with 4×4
/// supersampling so edges are anti-aliased without a rasteriser dependency.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<[f32; 4]>,
}

const SUBSAMPLES: u32 = 4;

impl Canvas {
    fn new(width: u32, height: u32) -> Self {
        Canvas {
            width,
            height,
            pixels: vec![[0.0; 4]; (width * height) as usize],
        }
    }

    /// Paints `colour` over every point for which `inside(x, y)` holds.
    fn fill(&mut self, colour: Rgb, inside: impl Fn(f32, f32) -> bool) {
        let step = 1.0 / SUBSAMPLES as f32;
        for py in 0..self.height {
            for px in 0..self.width {
                let mut hits = 0;
                for sy in 0..SUBSAMPLES {
                    for sx in 0..SUBSAMPLES {
                        let x = px as f32 + (sx as f32 + 0.5) * step;
                        let y = py as f32 + (sy as f32 + 0.5) * step;
                        if inside(x, y) {
                            hits += 1;
                        }
                    }
                }
                if hits == 0 {
                    continue;
                }
                let a = hits as f32 / (SUBSAMPLES * SUBSAMPLES) as f32;
                let p = &mut self.pixels[(py * self.width + px) as usize];
                for c in 0..3 {
                    p[c] = colour[c] * a + p[c] * (1.0 - a);
                }
                p[3] = a + p[3] * (1.0 - a);
            }
        }
    }

    fn into_image(self) -> RgbaImage {
        let mut img = RgbaImage::new(self.width, self.height);
        for (i, p) in self.pixels.iter().enumerate() {
            let (x, y) = (i as u32 % self.width, i as u32 / self.width);
            let a = p[3];
            let px = if a <= 0.0 {
                [0, 0, 0, 0]
            } else {
                // Un-premultiply; quantise alpha coarsely so the PNG compresses well.
                let q = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
                [q(p[0] / a), q(p[1] / a), q(p[2] / a), q(a)]
            };
            img.put_pixel(x, y, image::Rgba(px));
        }
        img
    }
}

fn disc(cx: f32, cy: f32, r: f32) -> impl Fn(f32, f32) -> bool {
    move |x, y| (x - cx).powi(2) + (y - cy).powi(2) <= r * r
}

fn ring(cx: f32, cy: f32, r_in: f32, r_out: f32) -> impl Fn(f32, f32) -> bool {
    move |x, y| {
        let d2 = (x - cx).powi(2) + (y - cy).powi(2);
        d2 >= r_in * r_in && d2 <= r_out * r_out
    }
}

fn rounded_rect(x0: f32, y0: f32, x1: f32, y1: f32, r: f32) -> impl Fn(f32, f32) -> bool {
    move |x, y| {
        let cx = x.clamp(x0 + r, x1 - r);
        let cy = y.clamp(y0 + r, y1 - r);
        (x - cx).powi(2) + (y - cy).powi(2) <= r * r
    }
}

/// A thick segment with round caps.
fn stroke(ax: f32, ay: f32, bx: f32, by: f32, half_width: f32) -> impl Fn(f32, f32) -> bool {
    move |x, y| {
        let (dx, dy) = (bx - ax, by - ay);
        let t = (((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        (x - ax - t * dx).powi(2) + (y - ay - t * dy).powi(2) <= half_width * half_width
    }
}

/// A regular polygon with `n` corners, one pointing straight up.
fn regular_polygon(cx: f32, cy: f32, r: f32, n: u32) -> impl Fn(f32, f32) -> bool {
    let apothem = r * (PI / n as f32).cos();
    move |x, y| {
        (0..n).all(|k| {
            // Edge normals sit halfway between corners.
            let a = -PI / 2.0 + (k as f32 + 0.5) * 2.0 * PI / n as f32;
            (x - cx) * a.cos() + (y - cy) * a.sin() <= apothem
        })
    }
}

/// An elliptical orbit of half-axes `a`, `b`, line half-width `t`, turned by `angle` radians.
fn orbit(cx: f32, cy: f32, a: f32, b: f32, t: f32, angle: f32) -> impl Fn(f32, f32) -> bool {
    let (s, c) = angle.sin_cos();
    move |x, y| {
        let (dx, dy) = (x - cx, y - cy);
        let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
        let outer = (u / (a + t)).powi(2) + (v / (b + t)).powi(2) <= 1.0;
        let inner = (u / (a - t)).powi(2) + (v / (b - t)).powi(2) < 1.0;
        outer && !inner
    }
}

const INK: Rgb = rgb(0x3a3f44);
const CORE_PINK: Rgb = rgb(0xef5b62);
const KUBE_BLUE: Rgb = rgb(0x326ce5);
const WHITE: Rgb = rgb(0xffffff);
const ATOM_BLUE: Rgb = rgb(0x2f6db5);
const ATOM_RED: Rgb = rgb(0xcc1f2f);

/// 600×200: a CoreOS-like pink disc with a white crescent, and a wordmark suggested by bars.
fn coreos_horizontal() -> RgbaImage {
    let mut c = Canvas::new(600, 200);
    c.fill(CORE_PINK, disc(100.0, 100.0, 82.0));
    c.fill(WHITE, disc(100.0, 100.0, 52.0));
    c.fill(CORE_PINK, disc(114.0, 112.0, 40.0));
    c.fill(INK, rounded_rect(214.0, 58.0, 560.0, 108.0, 10.0));
    c.fill(CORE_PINK, rounded_rect(214.0, 128.0, 452.0, 144.0, 8.0));
    c.into_image()
}

/// 300×300: a Kubernetes-like blue heptagon holding a white seven-spoked wheel.
fn kubernetes_wheel() -> RgbaImage {
    let (cx, cy) = (150.0, 152.0);
    let mut c = Canvas::new(300, 300);
    c.fill(KUBE_BLUE, regular_polygon(cx, cy, 146.0, 7));
    c.fill(WHITE, ring(cx, cy, 66.0, 82.0));
    c.fill(WHITE, disc(cx, cy, 22.0));
    for k in 0..7 {
        let a = -PI / 2.0 + k as f32 * 2.0 * PI / 7.0;
        let (ex, ey) = (cx + 104.0 * a.cos(), cy + 104.0 * a.sin());
        c.fill(WHITE, stroke(cx, cy, ex, ey, 7.0));
        c.fill(WHITE, disc(ex, ey, 11.0));
    }
    c.into_image()
}

/// 800×300: a red nucleus in three blue orbits, and a wordmark suggested by bars.
fn project_atomic() -> RgbaImage {
    let (cx, cy) = (160.0, 150.0);
    let mut c = Canvas::new(800, 300);
    for k in 0..3 {
        let angle = k as f32 * PI / 3.0;
        c.fill(ATOM_BLUE, orbit(cx, cy, 128.0, 44.0, 5.0, angle));
        let (s, co) = (angle + 0.9).sin_cos();
        // An electron on each orbit, placed by the ellipse's own parametrisation.
        let (u, v) = (128.0 * co, 44.0 * s);
        let (sa, ca) = angle.sin_cos();
        c.fill(
            ATOM_BLUE,
            disc(cx + u * ca - v * sa, cy + u * sa + v * ca, 11.0),
        );
    }
    c.fill(ATOM_RED, disc(cx, cy, 28.0));
    c.fill(INK, rounded_rect(330.0, 100.0, 760.0, 156.0, 12.0));
    c.fill(ATOM_RED, rounded_rect(330.0, 180.0, 640.0, 198.0, 9.0));
    c.into_image()
}

fn save(img: &RgbaImage, path: &Path) -> Result<(), Box<dyn Error>> {
    let file = BufWriter::new(File::create(path)?);
    PngEncoder::new_with_quality(file, CompressionType::Best, FilterType::Adaptive).write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgba8,
    )?;
    println!("{} {}×{}", path.display(), img.width(), img.height());
    Ok(())
}
