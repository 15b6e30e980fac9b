"""eventlet's own feed-scraper example ("dispatch" pattern), for the benchmark.

The same program as eventlet's examples/feedscraper.py, in Python 3: a WSGI server whose app
fetches every posted feed URL through one GreenPool with a GreenPile per request, and answers
their titles in order. Run with EVENTLET_NO_GREENDNS=yes (without it the fetches run one at a
time on this machine):

    EVENTLET_NO_GREENDNS=yes /usr/bin/python3 eventlet_dispatcher.py PORT
"""
import sys

import eventlet
from eventlet import wsgi

feedparser = eventlet.import_patched('feedparser')

pool = eventlet.GreenPool()


def fetch_title(url):
    d = feedparser.parse(url)
    return d.feed.get('title', '')


def app(environ, start_response):
    if environ['REQUEST_METHOD'] != 'POST':
        start_response('403 Forbidden', [])
        return []
    pile = eventlet.GreenPile(pool)
    # The example's readlines() waits for EOF on eventlet 0.33 (ignores Content-Length); read() does not.
    for line in environ['wsgi.input'].read().splitlines():
        url = line.strip().decode('utf-8')
        if url:
            pile.spawn(fetch_title, url)
    titles = '\n'.join(pile) + '\n'
    start_response('200 OK', [('Content-type', 'text/plain; charset=utf-8')])
    return [titles.encode('utf-8')]


if __name__ == '__main__':
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9011
    wsgi.server(eventlet.listen(('127.0.0.1', port)), app, log_output=False)
