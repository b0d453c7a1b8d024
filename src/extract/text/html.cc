// Article text from html with gumbo: the visible text of <article> (or
// <main>, else <body>), without scripts, styles and page furniture.
#include <gumbo.h>

#include <cstring>
#include <string>

#include "rampart/extract/document.h"
#include "text/html_nesting.h"

namespace rampart::extract::text {
namespace {

bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_HEAD: case GUMBO_TAG_MENU: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR: case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGURE:
      return true;
    default:
      return false;
  }
}

// Past the bounded nesting (html_nesting.h) plus what gumbo inserts itself.
constexpr int kMaxWalkDepth = static_cast<int>(internal::kMaxHtmlOpenElements) + 64;

class Walker {
 public:
  void Walk(const GumboNode* node, bool pre, int depth = 0) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      AppendText(node->v.text.text, pre);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT || depth > kMaxWalkDepth) return;
    GumboTag tag = node->v.element.tag;
    if (IsSkipped(tag)) return;
    bool block = IsBlock(tag);
    if (block) Break();
    bool inner_pre = pre || tag == GUMBO_TAG_PRE;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      Walk(static_cast<const GumboNode*>(children.data[i]), inner_pre, depth + 1);
    }
    if (block) Break();
  }
  std::string Take() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
    return std::move(out_);
  }

 private:
  void Break() {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
    if (!out_.empty() && (out_.size() < 2 || out_[out_.size() - 2] != '\n')) out_.push_back('\n');
  }
  void AppendText(const char* text, bool pre) {
    if (pre) {
      out_.append(text);
      return;
    }
    for (const char* p = text; *p; ++p) {
      char c = *p;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_.push_back(' ');
      } else {
        out_.push_back(c);
      }
    }
  }
  std::string out_;
};

const GumboNode* FindFirst(const GumboNode* node, GumboTag tag, int depth = 0) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > kMaxWalkDepth) return nullptr;
  if (node->v.element.tag == tag) return node;
  if (IsSkipped(node->v.element.tag) && node->v.element.tag != GUMBO_TAG_HEAD) return nullptr;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    if (const GumboNode* found = FindFirst(static_cast<const GumboNode*>(children.data[i]), tag, depth + 1)) {
      return found;
    }
  }
  return nullptr;
}

std::string TextOf(const GumboNode* node) {
  Walker walker;
  walker.Walk(node, false);
  std::string text = walker.Take();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

std::string HtmlToText(std::string_view html, std::string* title) {
  std::string bounded;
  if (internal::BoundHtmlNesting(html, internal::kMaxHtmlOpenElements, bounded)) html = bounded;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 100;  // only counted, never read: hostile pages make millions
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  const GumboNode* root = output->root;
  if (title) {
    title->clear();
    if (const GumboNode* t = FindFirst(root, GUMBO_TAG_TITLE)) {
      const GumboVector& children = t->v.element.children;
      for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_TEXT) title->append(child->v.text.text);
      }
    }
    if (title->find_first_not_of(" \t\r\n") == std::string::npos) {
      title->clear();
      if (const GumboNode* h1 = FindFirst(root, GUMBO_TAG_H1)) *title = TextOf(h1);
    }
  }
  const GumboNode* content = FindFirst(root, GUMBO_TAG_ARTICLE);
  if (!content) content = FindFirst(root, GUMBO_TAG_MAIN);
  if (!content) content = root;
  Walker walker;
  walker.Walk(content, false);
  std::string text = walker.Take();
  gumbo_destroy_output(&options, output);
  return text;
}

}  // namespace rampart::extract::text
