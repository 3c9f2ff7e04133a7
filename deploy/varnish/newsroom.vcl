# Varnish for Newsroom: the edge cache between nginx and the app hosts (docs/deploy.md, "Edge cache
# and purge"). nginx terminates TLS, serves /media/ and sends every other request here; Varnish
# keeps public pages and static files, balances over the app hosts and takes the app's purges.
#
# Install as /etc/varnish/newsroom.vcl; deploy/systemd/varnish.service.d/newsroom.conf starts
# varnishd with it (Debian 12's packages varnish and varnish-modules, for xkey). Replace
# news.example.vn with the site's host name and list the app hosts below (one backend each, added
# to the director in vcl_init) and in acl purgers. tests/ops runs this very file (only ports,
# backends and the host name changed) between nginx and two app hosts.
#
# Two listeners (varnishd -a): "pages" (127.0.0.1:6081) for nginx only, and "purge"
# (127.0.0.1:8080; the edge's private address too when app hosts live on other machines) for the
# app's purges. Nothing else is accepted on either.
#
# Pages are kept as long as the app's X-Edge-Max-Age says (it cuts it short before a scheduled
# publication), and dropped earlier by tag when content changes: every page lists its tags in
# Xkey (site, article:42, list:home…). The app purges with
#     PURGE /  xkey-softpurge: article:42          (soft: served stale while one fetch refreshes it)
#     PURGE /  xkey-purge: article:42              (hard, takedowns: gone at once, never served again)
# and gets 200 with the number of objects purged.
vcl 4.1;

import directors;
import std;
import xkey;

# An app host is used while its process answers /healthz: 3 of the last 5 probes, one every 2 s.
# A new backend starts healthy. Not /readyz: in a database outage every host fails it, and the
# app's own outage answers (its last good copy of a page, the maintenance page, a comment form
# handed back with its text) must still reach readers. Monitoring watches /readyz.
probe app_alive {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: news.example.vn"
        "User-Agent: varnish-probe"
        "Connection: close";
    .expected_response = 200;
    .interval = 2s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

# One block per app host (gunicorn, deploy/gunicorn.conf.py), each added to the director in vcl_init.
backend app_1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = app_alive;
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 60s;
}

# Who may purge: this machine, and the app hosts when they are other machines (their addresses).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_1);
}

sub vcl_recv {
    unset req.http.X-Purged;  # ours (the purge's count), never a client's
    if (local.socket == "purge") {
        if (req.method != "PURGE") {
            return (synth(405, "Method Not Allowed"));
        }
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge && !req.http.xkey-softpurge) {
            return (synth(400, "xkey-purge or xkey-softpurge needed"));
        }
        set req.http.X-Purged = 0;
        if (req.http.xkey-purge) {
            set req.http.X-Purged = std.integer(req.http.X-Purged, 0) + xkey.purge(req.http.xkey-purge);
        }
        if (req.http.xkey-softpurge) {
            set req.http.X-Purged = std.integer(req.http.X-Purged, 0) + xkey.softpurge(req.http.xkey-softpurge);
        }
        return (synth(200, "Purged"));
    }
    if (req.method == "PURGE") {
        return (synth(405, "Method Not Allowed"));
    }

    # nginx wrote the reader's address into X-Forwarded-For (never appending a client's claim);
    # varnishd then appended its own client's, nginx's. Drop that hop: the app believes the last
    # address from a trusted proxy (TRUSTED_PROXIES, newsroom/forwarded.py), which must be the reader's.
    if (req.restarts == 0 && req.http.X-Forwarded-For ~ ",") {
        if (regsub(req.http.X-Forwarded-For, "^.*,\s*", "") == "" + client.ip) {
            set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, ",\s*[^,]*$", "");
        }
    }

    set req.backend_hint = app.backend();
    # Stale pages: 60 s while one background fetch refreshes them (an expired or soft-purged page);
    # up to a day (beresp.grace) only while no app host answers at all. A hard purge removes the
    # page: nothing taken down comes back, outage or not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }

    # Logged-in staff (Django's session cookie), a reader just back from posting (pin_primary: the
    # page must come from the primary database, docs/replicas.md), the desk and staff previews
    # always reach the app and never fill the cache.
    if (req.url ~ "^/(admin|xem-truoc)/" || req.http.Cookie ~ "(^|;)\s*(sessionid|pin_primary)=[^;]") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }

    # Campaign parameters change nothing on a page (the app ignores them too): one object for all.
    if (req.url ~ "[?&](utm_[a-z0-9_]*|fbclid|gclid)(=|&|$)") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z0-9_]*|fbclid|gclid)(=[^&]*)?(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    # Looked up whatever cookies a reader carries (a comment form's csrftoken): the key is the host
    # and URL only, as in the app's own page cache. The cookies still reach the app on a miss, and
    # an answer that sets a cookie or is private is never kept (vcl_backend_response).
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        set req.http.X-Edge-Cache = "HIT";
    } else {
        set req.http.X-Edge-Cache = "STALE";
    }
}

sub vcl_miss {
    set req.http.X-Edge-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Edge-Cache = "PASS";
}

sub vcl_backend_fetch {
    unset bereq.http.X-Edge-Cache;
    if (bereq.url ~ "^/admin/") {
        # Uploads up to the video cap (nginx takes 520 MB there) and slow exports.
        set bereq.first_byte_timeout = 300s;
        set bereq.between_bytes_timeout = 300s;
    }
}

sub vcl_backend_response {
    # A background refresh that failed keeps the previous copy (for 60 s, or while no host is healthy).
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);
    }
    unset beresp.http.X-Request-ID;
    if (beresp.http.X-Edge-Max-Age ~ "^[0-9]+$") {
        set beresp.ttl = std.duration(beresp.http.X-Edge-Max-Age + "s", 0s);
        if (beresp.ttl <= 0s) {
            # The app served its previous copy while one of its workers rebuilds the page, or a
            # publication is due this second: not kept. A refresh keeps our copy instead, and the
            # next reader's request tries again.
            if (bereq.is_bgfetch) {
                return (abandon);
            }
            set beresp.ttl = 1s;
            set beresp.uncacheable = true;
            return (deliver);
        }
    } elsif (!beresp.http.Cache-Control && !beresp.http.Expires) {
        # No lifetime given (an error page, a redirect, a search): not kept, as nginx did.
        set beresp.ttl = 0s;
    }
    # Never kept: an answer that sets a cookie, is private or no-store, or has no lifetime. Each
    # request for it goes to an app host ("hit-for-miss" for 2 minutes, until a keepable answer).
    if (beresp.ttl <= 0s
        || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i:no-cache|no-store|private)"
        || beresp.http.Vary == "*") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    set beresp.grace = 1d;
    return (deliver);
}

sub vcl_backend_error {
    # An app host that does not answer (gone before its probe noticed): once more, on the next one.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    # A background refresh keeps the previous copy (for 60 s, or while no host is healthy).
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    # No app host answered and no copy to serve: a short page in the readers' language.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "30";
    synthetic({"<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tạm thời gián đoạn</title><p>Trang tạm thời chưa truy cập được. Xin bạn thử lại sau ít phút.</p></html>
"});
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Edge-Cache = req.http.X-Edge-Cache;
    # The tags and the edge lifetime are for this cache only.
    unset resp.http.Xkey;
    unset resp.http.X-Edge-Max-Age;
    # A purged cache keeps a page fresh: browsers and CDNs count max-age from now, as with nginx.
    unset resp.http.Age;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    # The request id readers get is their request's (nginx's), never one stored with a page.
    if (req.http.X-Request-ID) {
        set resp.http.X-Request-ID = req.http.X-Request-ID;
    }
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    unset resp.http.X-Varnish;
    if (req.http.X-Purged) {
        synthetic(req.http.X-Purged + {"
"});
    } else {
        synthetic(resp.status + " " + resp.reason + {"
"});
    }
    return (deliver);
}
