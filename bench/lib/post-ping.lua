-- wrk script: POST "ping", as gatebench and autocannon send to /v2/http.
wrk.method = "POST"
wrk.body = "ping"
wrk.headers["Content-Type"] = "text/plain"
