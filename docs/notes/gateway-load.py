import json, time, urllib.request, random
random.seed(7)
def post(body, ctype="application/json"):
    req = urllib.request.Request("http://127.0.0.1:18090/v1/observations", data=body.encode(), headers={"Content-Type": ctype}, method="POST")
    t=time.perf_counter()
    with urllib.request.urlopen(req) as r:
        out=json.load(r)
    return out, time.perf_counter()-t
for size in (1000, 10000):
    n=0; total=0.0; lat=[]
    for step in range(10):
        recs=[{"stream":"load-%05d"%s,"timestamp":1700000000000+step*1000,"values":[random.random()]} for s in range(size)]
        body=json.dumps(recs)
        out,dt=post(body); n+=out["accepted"]; total+=dt; lat.append(dt)
    lat.sort()
    print("array of %d records (%d bytes): %d records in %.2f s: %.0f rec/s; median request %.1f ms" % (size, len(body), n,total,n/total,1000*lat[len(lat)//2]))
lat=[]
t0=time.perf_counter()
for i in range(300):
    _,dt=post(json.dumps({"stream":"single","timestamp":1700000000000+i,"values":[1.0]})); lat.append(dt)
el=time.perf_counter()-t0
lat.sort()
print("single-record requests: %d in %.2f s (%.0f req/s sequential); p50 %.1f ms p99 %.1f ms" % (300, el, 300/el, 1000*lat[150], 1000*lat[int(0.99*300)]))
time.sleep(5)
for q in ("/v1/streams?sort=score&limit=50", "/v1/streams/load-00001"):
    ts=[]
    for i in range(20):
        t=time.perf_counter()
        with urllib.request.urlopen("http://127.0.0.1:18090"+q) as r: d=json.load(r)
        ts.append(time.perf_counter()-t)
    ts.sort()
    print("GET %s: median %.1f ms (total streams %s)" % (q, 1000*ts[10], d.get("total", "-")))
