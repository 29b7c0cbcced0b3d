"""HTTP requests to a slow server (here a local one that answers after 25 ms): the caller blocks on
the socket without the GIL, so many threads overlap the waits."""
import http.client
import http.server
import os
import threading
import time

_server = {"pid": None, "port": None}


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.025)  # the server's think time
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _port():
    """A server per process, started on first use (a forked worker does not inherit the thread)."""
    if _server["pid"] != os.getpid():
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        _server.update(pid=os.getpid(), port=httpd.server_address[1])
    return _server["port"]


def fetch(item):
    connection = http.client.HTTPConnection("127.0.0.1", _port(), timeout=10)
    try:
        connection.request("GET", "/item/%d" % item)
        return connection.getresponse().read()
    finally:
        connection.close()


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([fetch(i) for i in PROFILE_INPUTS])
