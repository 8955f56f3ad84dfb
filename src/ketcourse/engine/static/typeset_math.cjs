// Typeset the maths of built Sphinx pages at build time with MathJax 3 (Node, npm package mathjax-full).
//
// Usage: node typeset_math.cjs NODE_MODULES_DIR CSS_OUT page.html [page.html ...]
//
// Every <span|div class="math notranslate nohighlight"> holding \( ... \) or \[ ... \] becomes an SVG
// (no web fonts needed) followed by MathJax's assistive MathML, which screen readers read instead of
// the SVG. Glyph shapes are stored once per page (MathJax's global font cache, a hidden <svg> of
// <defs> right after <body>) and every formula refers to them. The stylesheet MathJax needs is written once to CSS_OUT. Pages are rewritten in place and
// a typeset element is marked data-kc-typeset, so running twice changes nothing.
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, cssOut, ...pages] = process.argv.slice(2);
const req = (p) => require(path.join(modules, "mathjax-full", "js", p));
const { mathjax } = req("mathjax.js");
const { TeX } = req("input/tex.js");
const { SVG } = req("output/svg.js");
const { liteAdaptor } = req("adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = req("handlers/html.js");
const { AssistiveMmlHandler } = req("a11y/assistive-mml.js");
const { AllPackages } = req("input/tex/AllPackages.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const doc = mathjax.document("", {
  InputJax: new TeX({ packages: AllPackages.filter((p) => p !== "bussproofs") }),
  OutputJax: new SVG({ fontCache: "global" }),
});

function unescape(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

const MATH = /<(span|div) class="math notranslate nohighlight"([^>]*)>([\s\S]*?)<\/\1>/g;
let count = 0;
for (const page of pages) {
  const text = fs.readFileSync(page, "utf8");
  doc.outputJax.fontCache.clearCache();
  let converted = 0;
  let out = text.replace(MATH, (whole, tag, attrs, body) => {
    if (attrs.includes("data-kc-typeset")) { return whole; }
    let tex = unescape(body).trim();
    const display = tag === "div";
    if (tex.startsWith("\\(") && tex.endsWith("\\)")) { tex = tex.slice(2, -2); }
    else if (tex.startsWith("\\[") && tex.endsWith("\\]")) { tex = tex.slice(2, -2); }
    const node = doc.convert(tex, { display });
    count += 1;
    converted += 1;
    return `<${tag} class="math notranslate nohighlight"${attrs} data-kc-typeset="">${adaptor.outerHTML(node)}</${tag}>`;
  });
  if (converted > 0) {
    const defs = adaptor.innerHTML(doc.outputJax.fontCache.getCache());
    const sheet = `<svg id="kc-math-glyphs-${count}" style="display: none;" aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><defs>${defs}</defs></svg>`;
    out = out.replace(/<body[^>]*>/, (b) => b + sheet);
  }
  if (out !== text) { fs.writeFileSync(page, out); }
}
fs.writeFileSync(cssOut, adaptor.textContent(doc.outputJax.styleSheet(doc)) + "\n");
process.stdout.write(`typeset ${count} formulas in ${pages.length} pages\n`);
