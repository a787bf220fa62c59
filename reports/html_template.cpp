#include "reports/html_template.hpp"

#include <cctype>

#include <fmt/format.h>

#include "reports/text_util.hpp"

namespace harness {

std::string_view html_style() {
  // Colours: green pass, red fail, amber unknown, as CI shows them. Lane tones share them.
  return R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
       margin: 1.5em auto; max-width: 1280px; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.15em; margin: 1.6em 0 .5em;
     border-bottom: 1px solid #d0d7de; }
.desc { color: #57606a; margin: 0 0 .8em; }
.overall { display: inline-block; padding: .15em .7em; border-radius: 4px; color: #fff;
           font-weight: 700; margin-right: .6em; }
.verdict { display: inline-block; padding: .1em .55em; border-radius: 4px; color: #fff;
           font-weight: 600; margin: 0 .4em .3em 0; }
.pass { background: #1a7f37; } .fail { background: #cf222e; } .unknown { background: #9a6700; }
.suspect { background: #bc4c00; }
.suspect-box { background: #fff1e5; border: 1px solid #fb8f44; padding: .5em .8em; margin: .3em 0;
               border-radius: 4px; font-weight: 600; }
.error-box { background: #ffebe9; border: 1px solid #ff8182; padding: .5em .8em;
             border-radius: 4px; white-space: pre-wrap; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; margin: .3em 0; }
th, td { text-align: left; padding: .2em .7em .2em 0; vertical-align: top; }
th { color: #57606a; font-weight: 600; }
table.grid td, table.grid th { border-bottom: 1px solid #eaeef2; padding: .3em .8em .3em .3em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.kv { font-family: ui-monospace, monospace; font-size: 12.5px; white-space: pre-wrap; }
.keymetrics { margin: .6em 0; }
.keymetrics div { font-family: ui-monospace, monospace; font-size: 12.5px; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; font-size: 12px; max-height: 30em; }
details summary { cursor: pointer; color: #0969da; }
.note { color: #57606a; font-size: 12.5px; }
.legend span { display: inline-block; margin-right: 1.2em; font-size: 12px; }
.legend i { display: inline-block; width: 1.6em; height: .8em; margin-right: .3em;
            vertical-align: middle; border-radius: 2px; }
svg.timeline { width: 100%; height: auto; font-family: system-ui, sans-serif; }
svg .lane { fill: none; stroke: #d0d7de; stroke-width: .6; }
svg .lname { font-size: 11px; font-weight: 600; }
svg .lsub { font-size: 9px; fill: #57606a; }
svg .tick { text-anchor: end; font-size: 9px; fill: #57606a; }
svg .xt { text-anchor: middle; font-size: 10px; fill: #57606a; }
svg .grid { stroke: #eaeef2; stroke-width: .6; }
svg .rate { fill: #54aeff66; stroke: #0969da; stroke-width: .8; }
svg .lat { fill: none; stroke: #8250df; stroke-width: 1.2; }
svg .ioerr { stroke: #cf222e; stroke-width: 2; fill: none; }
svg .fault rect { fill: #cf222e1f; stroke: #cf222e80; stroke-width: .8; }
svg .fault text { font-size: 11px; font-weight: 600; fill: #a40e26; }
svg .mark line { stroke: #57606a; stroke-dasharray: 3 3; stroke-width: .8; }
svg .mark.fence line { stroke: #bc4c00; } svg .mark.bad line { stroke: #cf222e; stroke-width: 1.4; }
svg .mark text { font-size: 10px; fill: #1f2328; }
svg .rname { text-anchor: end; font-size: 10px; fill: #1f2328; }
svg .st text { font-size: 10px; fill: #1f2328; pointer-events: none; }
.legend i.good, svg .st.good rect { fill: #4ac26b; background: #4ac26b; }
.legend i.warn, svg .st.warn rect { fill: #d4a72c; background: #d4a72c; }
.legend i.bad, svg .st.bad rect { fill: #ff8182; background: #ff8182; }
.legend i.info, svg .st.info rect { fill: #80ccff; background: #80ccff; }
.legend i.off, svg .st.off rect { fill: #d0d7de; background: #d0d7de; }
/* background: none: the verdict class (.pass, .fail, .unknown) is the badges' background */
.keycheck { margin: 2px 0; background: none; } .keycheck.fail b { color: #cf222e; } .keycheck.unknown b { color: #9a6700; }
.keycheck .figures { color: #57606a; margin-left: 1.5em; }
svg.waterfall .stall { fill: #fff8c5; } svg.waterfall .tick { stroke: #eaeef2; }
svg.waterfall .wf rect { fill: #80ccff; } svg.waterfall .wf.cluster rect { fill: #a475f9; }
svg.waterfall .wf.drbd rect { fill: #d4a72c; } svg.waterfall .wf.hypervisor rect { fill: #8c959f; }
svg.waterfall .wf.target rect { fill: #4ac26b; } svg.waterfall .wf.release rect { fill: #cf222e; }
svg.waterfall .whisker { stroke: #24292f; stroke-width: 2; }
svg.waterfall .submit { stroke: #8250df; stroke-width: 1.5; stroke-dasharray: 4 2; }
.legend i.nodata, svg .st.nodata rect { fill: #ffffff; background: #ffffff; stroke: #d0d7de; stroke-dasharray: 2 2; }
.faultkey { background: #cf222e33; border: 1px solid #cf222e80; }
svg.timeline .stall path { fill: none; stroke: #9a6700; stroke-width: 1.4; }
svg.timeline .stall text { font-size: 10.5px; font-weight: 600; fill: #7d4e00; }
svg.timeline .stall.over path { stroke: #cf222e; } svg.timeline .stall.over text { fill: #a40e26; }
svg.timeline .limit line { stroke: #cf222e; stroke-width: 1; stroke-dasharray: 6 3; }
svg.timeline .limit text { font-size: 10px; fill: #a40e26; }
svg.timeline .release line { stroke: #1a7f37; stroke-width: 1.4; }
svg.timeline .release text { font-size: 10px; font-weight: 600; fill: #116329; }
svg.timeline .pathloss line { stroke: #bc4c00; stroke-width: 1.6; }
svg.timeline .pathloss text { font-size: 9px; fill: #953800; }
.legend i.stallkey { border-top: 2px solid #9a6700; border-left: 2px solid #9a6700;
                     border-right: 2px solid #9a6700; border-radius: 0; height: .4em; }
.legend i.limitkey { border-left: 2px dashed #cf222e; width: 0; border-radius: 0; }
.legend i.releasekey { border-left: 2px solid #1a7f37; width: 0; border-radius: 0; }
.legend i.pathlosskey { border-left: 2px solid #bc4c00; width: 0; border-radius: 0; }
ul.files { columns: 3; font-size: 12.5px; font-family: ui-monospace, monospace; margin: .3em 0; }
svg #cursor { stroke: #24292f; stroke-width: .6; pointer-events: none; }
svg #cursor-t { font-size: 10px; text-anchor: middle; fill: #24292f; }
)css";
}

std::string_view html_script() {
  // A time cursor: the page works without it (hover titles are plain SVG).
  return R"js(//<![CDATA[
(function () {
  var svg = document.querySelector('svg.timeline');
  if (!svg) return;
  var x0 = +svg.dataset.x0, w = +svg.dataset.w, t0 = +svg.dataset.t0, t1 = +svg.dataset.t1;
  var line = document.getElementById('cursor'), label = document.getElementById('cursor-t');
  function hide() { line.setAttribute('visibility', 'hidden'); label.setAttribute('visibility', 'hidden'); }
  svg.addEventListener('mousemove', function (ev) {
    var p = svg.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    var q = p.matrixTransform(svg.getScreenCTM().inverse());
    var f = (q.x - x0) / w;
    if (f < 0 || f > 1) { hide(); return; }
    line.setAttribute('x1', q.x); line.setAttribute('x2', q.x);
    label.setAttribute('x', q.x);
    label.textContent = (t0 + f * (t1 - t0)).toFixed(2) + ' s';
    line.setAttribute('visibility', 'visible'); label.setAttribute('visibility', 'visible');
  });
  svg.addEventListener('mouseleave', hide);
})();
//]]>)js";
}

std::string html_page(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 8192);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>";
  append_html_escaped(out, title);
  out += "</title>\n<style>";
  out += html_style();
  out += "</style>\n</head>\n<body>\n";
  out += body;
  out += "\n<script>";
  out += html_script();
  out += "</script>\n</body>\n</html>\n";
  return out;
}

namespace {

// ` name="value"`, escaped; nothing for an empty value.
void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  out += ' ';
  out += name;
  out += "=\"";
  append_html_escaped(out, value);
  out += '"';
}

}  // namespace

void append_element(std::string& out, std::string_view tag, std::string_view text,
                    std::string_view cls) {
  out += '<';
  out += tag;
  append_attribute(out, "class", cls);
  out += '>';
  append_html_escaped(out, text);
  out += "</";
  out += tag;
  out += '>';
}

void append_link(std::string& out, std::string_view href, std::string_view text,
                 std::string_view cls, std::string_view title) {
  out += "<a href=\"";
  append_html_escaped(out, href);
  out += '"';
  append_attribute(out, "class", cls);
  append_attribute(out, "title", title);
  out += '>';
  append_html_escaped(out, text);
  out += "</a>";
}

namespace {

std::filesystem::path absolute_normal(const std::filesystem::path& p) {
  std::filesystem::path a = std::filesystem::absolute(p).lexically_normal();
  if (!a.has_filename() && a != a.root_path()) a = a.parent_path();
  return a;
}

// RFC 3986 unreserved characters stay; everything else in a segment is %XX (UTF-8 bytes).
void append_percent_encoded(std::string& out, std::string_view segment) {
  for (unsigned char ch : segment) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~')
      out += static_cast<char>(ch);
    else
      out += fmt::format("%{:02X}", static_cast<unsigned>(ch));
  }
}

}  // namespace

std::string relative_href(const std::filesystem::path& target,
                          const std::filesystem::path& from_dir) {
  std::filesystem::path rel = absolute_normal(target).lexically_relative(absolute_normal(from_dir));
  if (rel.empty()) rel = absolute_normal(target);  // another root: an absolute path still works
  std::string out;
  bool first = true;
  for (const auto& part : rel) {
    const std::string s = part.string();
    if (s == "/") {  // the root of an absolute path
      out += '/';
      first = true;
      continue;
    }
    if (!first) out += '/';
    append_percent_encoded(out, s);
    first = false;
  }
  return out;
}

}  // namespace harness
