//! A corpus of hostile Markdown and HTML for the journey that feeds it through the core's renderer into the real
//! webview: script tags, event handlers, SVG and MathML, mutation-XSS shapes, CSS `url()`, `javascript:` and
//! `data:` links, entity tricks. Each payload tries to set `window.__pwned`, open a dialog, navigate, or reach
//! the loopback server at `{PORT}`.

/// Ways to run script, each with `{JS}` where the attack's code goes and `{URL}` for a network address.
const SHAPES: &[&str] = &[
    "<script>{JS}</script>",
    "<img src=x onerror=\"{JS}\">",
    "<svg onload=\"{JS}\"></svg>",
    "<svg><script>{JS}</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"{JS}\">",
    "<noscript><p title=\"</noscript><img src=x onerror={JS}>\">",
    "<iframe srcdoc=\"<script>parent.{JS}</script>\"></iframe>",
    "<iframe src=\"javascript:{JS}\"></iframe>",
    "<object data=\"javascript:{JS}\"></object>",
    "<embed src=\"{URL}\">",
    "<a href=\"javascript:{JS}\">click</a>",
    "[click](javascript:{JS})",
    "[click](JaVaScRiPt:{JS})",
    "[click](java&#x09;script:{JS})",
    "[click](&#106;avascript:{JS})",
    "[click](data:text/html,<script>{JS}</script>)",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "![x]({URL}/img.png)",
    "![x](x\" onerror=\"{JS})",
    "<img src=\"{URL}/img.png\">",
    "<div style=\"background:url({URL}/bg.png)\">x</div>",
    "<style>body{background:url({URL}/bg.png)}</style>",
    "<style>@import '{URL}/x.css';</style>",
    "<link rel=stylesheet href=\"{URL}/x.css\">",
    "<base href=\"{URL}/\"><a href=\"x\">x</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url={URL}/\">",
    "<form action=\"{URL}/\"><button>go</button></form>",
    "<details open ontoggle=\"{JS}\">x</details>",
    "<body onload=\"{JS}\">",
    "<input autofocus onfocus=\"{JS}\">",
    "<video><source onerror=\"{JS}\"></video>",
    "<audio src=x onerror=\"{JS}\">",
    "<marquee onstart=\"{JS}\">x</marquee>",
    "<template><img src=x onerror=\"{JS}\"></template>",
    "<textarea><img src=x onerror=\"{JS}\"></textarea>",
    "<title><img src=x onerror=\"{JS}\"></title>",
    "<![CDATA[<img src=x onerror=\"{JS}\">]]>",
    "<!--<img src=x onerror=\"{JS}\">-->",
    "<img src=x onerror=&#x61;&#x6c;&#x65;&#x72;&#x74;(1)>",
    "`<img src=x onerror=\"{JS}\">`",
];

/// What the attack does once it runs: each leaves a trace the journey looks for.
const ACTIONS: &[&str] = &[
    "window.__pwned=1",
    "alert(1)",
    "location='{URL}/nav'",
    "fetch('{URL}/fetch')",
    "new Image().src='{URL}/beacon'",
];

/// Wrappers that put a payload in different Markdown contexts.
const CONTEXTS: &[&str] =
    &["{P}", "> {P}", "- {P}", "| a | b |\n|---|---|\n| {P} | x |", "# {P}", "**{P}**"];

/// At least 200 hostile documents, deterministic.
pub(crate) fn corpus(port: u16) -> Vec<String> {
    let url = format!("http://127.0.0.1:{port}");
    let mut res = Vec::new();
    for (idx, shape) in SHAPES.iter().enumerate() {
        for (n, action) in ACTIONS.iter().enumerate() {
            let context = CONTEXTS[(idx + n) % CONTEXTS.len()];
            let js = action.replace("{URL}", &url);
            let payload = shape.replace("{JS}", &js).replace("{URL}", &url);
            res.push(context.replace("{P}", &payload));
        }
    }
    res
}
