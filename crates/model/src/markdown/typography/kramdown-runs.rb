# Regenerates kramdown-runs.jsonl: each line is [source paragraph, what kramdown prints inside
# its <p>, HTML entities decoded]. The sources are random runs of quotes, dashes, dots, `<<`,
# `>>`, ASCII, CJK and punctuation (made up for this test, no third-party text).
# Run with Jekyll 4.3.1's kramdown:  ruby kramdown-runs.rb < kramdown-runs.jsonl > new.jsonl
require 'kramdown'
require 'kramdown-parser-gfm'
require 'json'
require 'cgi'
opts = {input: 'GFM', hard_wrap: false, auto_ids: true, entity_output: :as_char,
        smart_quotes: 'lsquo,rsquo,ldquo,rdquo'}
STDIN.each_line do |line|
  src = JSON.parse(line)[0]
  html = Kramdown::Document.new(src, opts).to_html.strip
  inner = html.sub(%r{\A<p>}, '').sub(%r{</p>\z}, '')
  puts JSON.generate([src, CGI.unescapeHTML(inner)])
end
