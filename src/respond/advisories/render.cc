// Markdown, HTML and JSON renderings of one recipient's copy.
#include <fmt/format.h>

#include "advisories/advise_internal.h"

namespace rampart::respond::internal {
namespace {

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Markdown special characters in text become literal.
std::string Md(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '[' || c == ']' || c == '`' || c == '<' || c == '>') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

bool SafeUrl(const std::string& url) {
  return (url.starts_with("https://") || url.starts_with("http://")) &&
         url.find_first_of(" ()<>\"'\n") == std::string::npos;
}

constexpr Section kSections[] = {Section::kWhat, Section::kWho, Section::kWhy,
                                 Section::kDo, Section::kHunt, Section::kReferences};

}  // namespace

std::string RenderMarkdown(const Content& content, const CopyPlan& plan, stix::TlpLevel marking,
                           const std::string& constituent) {
  std::string out = fmt::format("# {}\n\n**{}** -- for {}\n\n", Md(content.title), stix::TlpDisplayName(marking),
                                Md(constituent));
  if (std::string notice = WithheldNotice(plan); !notice.empty()) out += fmt::format("> {}\n\n", notice);
  for (Section section : kSections) {
    std::string lines;
    for (size_t i : plan.included) {
      const Item& item = content.items[i];
      if (item.section != section) continue;
      lines += "- " + Md(item.text);
      if (SafeUrl(item.url)) lines += fmt::format(" (<{}>)", item.url);
      lines += "\n";
    }
    if (!lines.empty()) out += fmt::format("## {}\n\n{}\n", SectionTitle(section), lines);
  }
  return out;
}

std::string RenderHtml(const Content& content, const CopyPlan& plan, stix::TlpLevel marking,
                       const std::string& constituent) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{0}</title></head><body>\n<h1>{0}</h1>\n"
      "<p><strong>{1}</strong> &mdash; for {2}</p>\n",
      Html(content.title), stix::TlpDisplayName(marking), Html(constituent));
  if (std::string notice = WithheldNotice(plan); !notice.empty()) out += fmt::format("<blockquote>{}</blockquote>\n", Html(notice));
  for (Section section : kSections) {
    std::string lines;
    for (size_t i : plan.included) {
      const Item& item = content.items[i];
      if (item.section != section) continue;
      lines += "<li>" + Html(item.text);
      if (SafeUrl(item.url)) lines += fmt::format(" (<a href=\"{0}\">{0}</a>)", Html(item.url));
      lines += "</li>\n";
    }
    if (!lines.empty()) out += fmt::format("<h2>{}</h2>\n<ul>\n{}</ul>\n", SectionTitle(section), lines);
  }
  return out + "</body></html>\n";
}

nlohmann::json RenderJson(const Content& content, const CopyPlan& plan, stix::TlpLevel marking,
                          const std::string& advisory_id, const Constituent& constituent) {
  nlohmann::json sections = nlohmann::json::object();
  for (size_t i : plan.included) {
    const Item& item = content.items[i];
    nlohmann::json entry = {{"text", item.text}, {"tlp", stix::TlpName(item.tlp.level)}};
    if (!item.url.empty()) entry["url"] = item.url;
    sections[std::string(SectionTitle(item.section))].push_back(std::move(entry));
  }
  nlohmann::json out = {{"advisory", advisory_id},
                        {"constituent", constituent.name},
                        {"title", content.title},
                        {"tlp", stix::TlpName(marking)},
                        {"sections", sections}};
  if (std::string notice = WithheldNotice(plan); !notice.empty()) out["withheld"] = notice;
  return out;
}

}  // namespace rampart::respond::internal
