-- pandoc Lua filter for the Typst handout benchmark (bench/handout.sh).
--
-- Jekyll posts write images as raw HTML (`<img alt=… src=… width="200" />`). pandoc's Markdown
-- reader keeps those as raw HTML, and its Typst writer silently drops raw HTML, so without this
-- filter Typst's handout would have no images at all. Here each raw `<img>` is read with pandoc's
-- own HTML reader (which keeps `width` as CSS px, written to Typst as inches at 96 px/in), the
-- same thing a careful pandoc user would do.
--
-- A remote image (http/https) cannot be embedded by Typst (it reads local files only, and the
-- sample's remote image is unreachable anyway). It becomes a framed box with its alt text and URL,
-- which is what hanmoto prints for a missing image; dropping it silently would not be fair to
-- the reader of Typst's handout.

local function typst_escape(s)
  return (s:gsub('[\\#%[%]%*_`$<>@=~"/]', function(c) return '\\' .. c end))
end

local function placeholder(img)
  local alt = pandoc.utils.stringify(img.caption)
  local url = img.src
  return pandoc.RawInline('typst',
    '#box(stroke: 0.5pt + gray, inset: 6pt, width: 100%)[' ..
    '#text(fill: gray)[画像を読み込めません] ' .. typst_escape(alt) .. ' \\ ' ..
    '#link("' .. url:gsub('"', '\\"') .. '")[#raw("' .. url:gsub('"', '\\"') .. '")]]')
end

local function images_of(html)
  local out = {}
  local doc = pandoc.read(html, 'html')
  doc:walk({ Image = function(img) table.insert(out, img) end })
  return out
end

local function convert(raw)
  if raw.format ~= 'html' or not raw.text:match('^%s*<img') then return nil end
  local imgs = images_of(raw.text)
  if #imgs == 0 then return nil end
  local result = {}
  for _, img in ipairs(imgs) do
    if img.src:match('^https?://') then
      table.insert(result, placeholder(img))
    else
      table.insert(result, img)
    end
  end
  return result
end

return {
  { RawInline = convert },
  { RawBlock = function(raw)
      local inl = convert(raw)
      if inl then return pandoc.Para(inl) end
    end },
}
