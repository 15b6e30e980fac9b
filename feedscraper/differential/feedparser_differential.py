#!/usr/bin/env python3
"""Feed titles, the Feed Scraper's against feedparser's, over generated feed variants.

Usage: feedparser_differential.py SCRAPER_URL
Writes each variant to a temporary directory, serves it on a free loopback port with its own
Content-Type, posts every URL to the scraper (which needs feedscraper.allow-private-networks),
parses the same bytes with feedparser, and prints every title that differs, after flattening
whitespace on both sides. feedparser returns HTML titles as sanitized HTML: those are compared
by their text, as the scraper answers with text.
"""
import html
import http.server
import json
import os
import re
import sys
import tempfile
import threading
import urllib.request

try:
    import feedparser
except ImportError:
    sys.exit("feedparser_differential: needs Python's feedparser (Debian: apt-get install python3-feedparser)")

VARIANTS = []


def variant(name, data, content_type):
    VARIANTS.append((name, data.encode('utf-8') if isinstance(data, str) else data, content_type))


TITLES = {
    'plain': 'My Blog', 'amp': 'Tom &amp; Jerry', 'lt': 'a &lt; b', 'numeric': 'It&#8217;s here &#x2014; now',
    'html_entity': 'Caf&eacute; News', 'bare_amp': 'Fish & Chips', 'cdata_plain': '<![CDATA[Fish & Chips]]>',
    'cdata_markup': '<![CDATA[<b>Bold</b> News]]>', 'cdata_entity': '<![CDATA[Tom &amp; Jerry]]>',
    'escaped_markup': '&lt;b&gt;Bold&lt;/b&gt; News', 'double_escaped': 'Tom &amp;amp; Jerry',
    'whitespace': '\n   Spaced\n\tTitle   \n', 'unicode': 'Ünïcödé — 日本語', 'entity_in_cdata': '<![CDATA[Caf&eacute;]]>',
    'markup_raw': 'Hello <em>World</em>', 'empty': '', 'escaped_nbsp': 'A&amp;nbsp;B', 'apos': 'Don&apos;t',
    'quot': '&quot;Quoted&quot;', 'br': 'Line&lt;br/&gt;Break',
}
ATOM = 'http://www.w3.org/2005/Atom'


def rss2(title, before=''):
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>{before}<title>{title}</title>'
            '<link>http://x/</link><description>d</description><item><title>Item</title></item></channel></rss>')


def rdf(title):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://x/"><title>{title}</title></channel></rdf:RDF>')


def atom(title, kind=None):
    kind = f' type="{kind}"' if kind else ''
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM}"><title{kind}>{title}</title><id>urn:x</id>'
            '<entry><title>Entry</title><id>urn:e</id></entry></feed>')


for key, title in TITLES.items():
    variant(f'rss2_{key}', rss2(title), 'application/rss+xml')
    variant(f'rss091_{key}', f'<?xml version="1.0"?>\n<rss version="0.91"><channel><title>{title}</title></channel></rss>', 'text/xml')
    variant(f'rdf_{key}', rdf(title), 'application/rdf+xml')
    for kind in (None, 'text', 'html'):
        variant(f'atom_{kind}_{key}', atom(title, kind), 'application/atom+xml')
variant('atom_xhtml', atom(f'<div xmlns="http://www.w3.org/1999/xhtml">Hello <b>World</b> &amp; more</div>', 'xhtml'), 'application/atom+xml')
variant('rss2_image_first', rss2('Real Title', '<image><title>Image Title</title><url>http://x/i.png</url></image>'), 'application/rss+xml')
variant('rss2_itunes_first', rss2('Pod Title', '<itunes:title xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">iTunes</itunes:title>'), 'application/rss+xml')
variant('rss2_stylesheet', rss2('Styled').replace('?>\n', '?>\n<?xml-stylesheet type="text/xsl" href="/rss.xsl"?>', 1), 'application/rss+xml')
variant('rss2_default_namespace', '<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>Userland</title></channel></rss>', 'application/rss+xml')
variant('rss2_wordpress_dash', rss2('Site &#8211; Tagline'), 'application/rss+xml; charset=UTF-8')
variant('rss2_double_escaped_reference', rss2('It&amp;#8217;s a blog'), 'application/rss+xml')
variant('rss2_emoji', rss2('Emoji 🚀 &#128640;'), 'application/rss+xml')
variant('rss2_undefined_entities', rss2('Copy &copy; 2024 &mdash; all'), 'application/rss+xml')
variant('rss2_unclosed', '<?xml version="1.0"?><rss version="2.0"><channel><title>Unclosed</title><item><title>x</title>', 'application/rss+xml')
variant('rss2_trailing_garbage', rss2('Trailing') + '\n<!-- cached -->\n<script>x</script>', 'application/rss+xml')
variant('atom_text_with_elements', atom('Hello <em>World</em>'), 'application/atom+xml')
for charset, title in (('iso-8859-1', 'Café crème'), ('windows-1252', '“Curly” – €'), ('gb2312', '中文标题'),
                       ('shift_jis', '日本語'), ('koi8-r', 'Русский'), ('big5', '中文新聞'), ('euc-kr', '한국어'),
                       ('iso-8859-2', 'Zażółć gęślą')):
    variant(f'declared_{charset}', rss2(title).replace('utf-8', charset, 1).encode(charset), 'application/rss+xml')
variant('utf8_undeclared_served_latin1', '<rss version="2.0"><channel><title>Café 日本</title></channel></rss>', 'text/xml; charset=iso-8859-1')
variant('utf8_declared_served_latin1', rss2('Café'), 'application/rss+xml; charset=iso-8859-1')
variant('utf8_twice', rss2('CafÃ© MÃ¼nchen'), 'application/rss+xml')
variant('utf8_invalid_bytes', rss2('Bad XX bytes').encode().replace(b'XX', b'\xff\xfe'), 'application/rss+xml')
variant('cp1251_header_only', '<rss version="2.0"><channel><title>Новости</title></channel></rss>'.encode('cp1251'), 'text/xml; charset=windows-1251')
variant('utf16_mark', ('\ufeff' + rss2('UTF-16 Ω').replace('utf-8', 'utf-16', 1)).encode('utf-16-le'), 'application/rss+xml')
variant('utf16_no_mark', rss2('UTF-16 no mark').replace('utf-8', 'UTF-16', 1).encode('utf-16-le'), 'application/rss+xml')
variant('rss090', '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>RSS 0.90</title></channel></rdf:RDF>', 'application/rdf+xml')
variant('rss2_double_escaped_apostrophe', rss2('Don&amp;#039;t stop'), 'application/rss+xml')
variant('rss2_numeric_apostrophe', rss2('Don&#39;t stop'), 'application/rss+xml')
variant('atom_mime_html_type', atom('&lt;b&gt;Mime&lt;/b&gt; type', 'text/html'), 'application/atom+xml')
variant('atom_upper_text_type', atom('&lt;b&gt;Upper&lt;/b&gt;', 'TEXT'), 'application/atom+xml')
variant('rss2_empty_title_image', rss2('', '<image><title>Image Title</title><url>http://x/i.png</url></image>'), 'application/rss+xml')
variant('rss_no_channel', '<?xml version="1.0"?><rss version="2.0"><title>No channel</title></rss>', 'application/rss+xml')
variant('rss2_standalone', rss2('Standalone').replace('encoding="utf-8"', 'encoding="UTF-8" standalone="yes"', 1), 'application/rss+xml')
variant('utf8_bom_latin1_declared', b'\xef\xbb\xbf' + rss2('Caf\u00e9 BOM').replace('utf-8', 'ISO-8859-1', 1).encode('utf-8'), 'application/rss+xml')
variant('served_text_plain', rss2('Plain served'), 'text/plain')
variant('served_octet_stream', rss2('Octets'), 'application/octet-stream')
variant('served_quoted_charset', rss2('Caf\u00e9 quoted').replace('encoding="utf-8"', '', 1).encode('iso-8859-1'), 'text/xml; charset="iso-8859-1"')
variant('rss2_line_separator', rss2('Line\u2028Sep'), 'application/rss+xml')
variant('rss2_emoji_hex_ref', rss2('Smile &#x1F600;'), 'application/rss+xml')
variant('rdf_dc_title_only', '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><dc:title>DC only</dc:title></channel></rdf:RDF>', 'application/rdf+xml')
variant('atom_title_after_entries', f'<?xml version="1.0"?><feed xmlns="{ATOM}"><entry><title>E1</title></entry><title>Late title</title></feed>', 'application/atom+xml')
variant('rss2_title_whitespace_cdata_mix', rss2('  <![CDATA[ A ]]>  &amp;  <![CDATA[ B ]]>  '), 'application/rss+xml')
variant('rss2_html_entity_mdash', rss2('News &mdash; Today'), 'application/rss+xml')
variant('rss2_lt_only', rss2('&lt;3 love'), 'application/rss+xml')
variant('rss2_unknown_tag_escaped', rss2('&lt;foo&gt;bar&lt;/foo&gt;'), 'application/rss+xml')
variant('atom_html_numeric_nbsp', atom('A&amp;#160;B', 'html'), 'application/atom+xml')
variant('rss2_tab_newline_refs', rss2('Tab&#9;and&#10;newline'), 'application/rss+xml')
variant('json_feed', '{"version":"https://jsonfeed.org/version/1.1","title":"JSON Feed","items":[]}', 'application/feed+json')


def flat(text):
    return re.sub(r'\s+', ' ', text or '').strip()


def feedparser_title(data, content_type):
    parsed = feedparser.parse(data, response_headers={'content-type': content_type})
    title = flat(parsed.feed.get('title', ''))
    if parsed.feed.get('title_detail', {}).get('type') in ('text/html', 'application/xhtml+xml'):
        title = flat(html.unescape(re.sub(r'<[^>]+>', '', title)))
    return title


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    scraper = sys.argv[1]
    served = {name: (data, content_type) for name, data, content_type in VARIANTS}

    class Feeds(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            data, content_type = served.get(self.path.lstrip('/'), (None, None))
            self.send_response(200 if data is not None else 404)
            self.send_header('Content-Type', content_type or 'text/plain')
            self.send_header('Content-Length', str(len(data or b'')))
            self.end_headers()
            self.wfile.write(data or b'')

        def log_message(self, *args):
            pass

    feeds = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Feeds)
    threading.Thread(target=feeds.serve_forever, daemon=True).start()
    urls = ''.join(f'http://127.0.0.1:{feeds.server_port}/{name}\n' for name, _, _ in VARIANTS)
    request = urllib.request.Request(scraper, data=urls.encode(), headers={'Accept': 'application/json'})
    with urllib.request.urlopen(request, timeout=120) as response:
        ours = json.load(response)
    differences = 0
    for (name, data, content_type), result in zip(VARIANTS, ours):
        theirs, mine = feedparser_title(data, content_type), flat(result['title'])
        if mine != theirs:
            differences += 1
            print(f'{name}: scraper {mine!r} ({result["status"]}), feedparser {theirs!r}')
    print(f'{differences} of {len(VARIANTS)} titles differ (feedparser {feedparser.__version__})')
    feeds.shutdown()


if __name__ == '__main__':
    main()
