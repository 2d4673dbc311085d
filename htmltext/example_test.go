package htmltext_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/htmltext"
)

func ExampleExtract() {
	page := []byte(`<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Bridge to close for repairs | Valley Radio</title>
<meta property="og:site_name" content="Valley Radio">
<meta property="article:published_time" content="2025-04-25T09:30:00-04:00">
<link rel="canonical" href="https://valley.example/news/bridge">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<article>
<h1>Bridge to close for repairs</h1>
<figure><img src="bridge.jpg"><figcaption>The old bridge in March.</figcaption></figure>
<p>The county will close the old river bridge on Monday for six months of repairs, officials said.</p>
<p>Drivers will be sent over the highway bridge, a detour of about 20 minutes.</p>
</article>
<footer>© 2025 Valley Radio</footer>
</body></html>`)
	p, err := htmltext.Extract(page)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %s | %s | %s\n\n%s\n", p.Title, p.Source, p.Published, p.URL, p.Text)
	// Output:
	// Bridge to close for repairs | Valley Radio | 2025-04-25T09:30:00-04:00 | https://valley.example/news/bridge
	//
	// The county will close the old river bridge on Monday for six months of repairs, officials said.
	//
	// Drivers will be sent over the highway bridge, a detour of about 20 minutes.
}
