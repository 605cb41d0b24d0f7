"""Pages, a feed and a PDF written for the tests (our own text), served from 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><title>Floods hit the valley | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Floods hit the valley</h1>
<p>Floods swept through the valley town on Tuesday, killing twelve people, police said.
Rescue teams searched the ruins of the market for survivors through the night.</p>
<p>The government declared a state of emergency in the province on Wednesday and promised aid
to the families who lost their homes.</p>
<aside class="related"><h3>Read also</h3><ul><li><a href="/storm">Storm warning issued for the coast</a></li></ul></aside>
</article>
<section id="comments"><h3>Comments</h3><p>Great article! Click here to win a prize.</p></section>
<footer>Copyright Valley Courier. All rights reserved.</footer>
</body></html>"""

BERITA_HTML = """<!doctype html>
<html lang="id-ID"><head><title>Banjir melanda Kota Contoh</title>
<meta property="og:site_name" content="Kabar Contoh">
<meta property="article:published_time" content="2024-03-06">
</head><body><div class="menu"><a href="/">Beranda</a> <a href="/nasional">Nasional</a></div>
<article><h1>Banjir melanda Kota Contoh</h1>
<p>Banjir bandang melanda Kota Contoh pada Rabu (6/3/2024) malam dan menewaskan tiga orang warga.</p>
<p>Badan Penanggulangan Bencana Daerah menyebut ratusan rumah terendam dan warga mengungsi ke masjid.</p>
</article></body></html>"""

MENU_HTML = """<!doctype html><html><head><title>Index</title></head><body>
<nav><ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul></nav></body></html>"""


def make_pdf(lines: list[str], title: str, created: str | None) -> bytes:
    """A one-page PDF with these lines of text (Helvetica), made by hand."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    info = f"<< /Title ({esc(title)})" + (f" /CreationDate (D:{created})" if created else "") + " >>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


REPORT_LINES = ["Situation Report No. 3", "7 March 2024",
                "Floods in the valley province have killed twelve people since Tuesday.",
                "About 400 families were displaced and are sheltering in schools."]
REPORT_PDF = make_pdf(REPORT_LINES, "Valley floods situation report 3", "20240307090000Z")


class PageHandler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}
    seen_agents: ClassVar[list[str]] = []

    def do_GET(self):
        self.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_pages() -> Iterator[str]:
    """A local HTTP server of these pages and a feed of them; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley news</title><link>{base}/</link><description>d</description>
<item><title>Floods hit the valley</title><link>{base}/article.html</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Banjir</title><link>{base}/berita.html</link><pubDate>Wed, 06 Mar 2024 20:00:00 GMT</pubDate></item>
<item><title>Report</title><link>{base}/report.pdf</link><pubDate>Thu, 07 Mar 2024 09:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/gone.html</link></item>
</channel></rss>""".encode()
    PageHandler.routes = {
        "/article.html": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
        "/berita.html": (200, "text/html; charset=utf-8", BERITA_HTML.encode()),
        "/menu.html": (200, "text/html", MENU_HTML.encode()),
        "/report.pdf": (200, "application/pdf", REPORT_PDF),
        "/feed.xml": (200, "application/rss+xml", feed),
        "/big": (200, "text/html", b"<html><body>" + b"x" * 300_000 + b"</body></html>"),
        "/slow": (200, "text/html", ARTICLE_HTML.encode()),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
