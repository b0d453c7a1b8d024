// The `rampart report` command group: every subcommand and flag, once.
#include "cli.h"
#include "commands/report_commands.h"

namespace rampart::cli {
namespace {

void RegisterReport(CLI::App& app, Context& context) {
  static ReportIngestArgs ingest_args;
  static ReportListArgs list_args;
  static ReportShowArgs show_args;

  CLI::App* report = app.add_subcommand("report", "Read reports and articles into sourced STIX (claims with quotes)");
  report->require_subcommand(1);
  report->fallthrough();

  CLI::App* ingest = report->add_subcommand(
      "ingest", "Extract observables, entities, claims and statistics from .txt/.md/.html/.pdf and store them");
  ingest->add_option("FILE", ingest_args.files, "Documents to read ('-' = standard input)")->required();
  ingest->add_option("--source", ingest_args.source, "The publication (default: the URL's host)");
  ingest->add_option("--published", ingest_args.published, "Publication date (RFC 3339 or YYYY-MM-DD)");
  ingest->add_option("--url", ingest_args.url, "Where the document came from");
  ingest->add_option("--tlp", ingest_args.tlp, "TLP marking for everything created")
      ->transform(CLI::IsMember({"clear", "white", "green", "amber", "amber+strict", "red"}, CLI::ignore_case));
  ingest->add_option("--format", ingest_args.format, "Document format (default: from the name, else sniffed)")
      ->transform(CLI::IsMember({"auto", "txt", "md", "html", "pdf"}, CLI::ignore_case));
  ingest->add_option("--encoding", ingest_args.encoding,
                     "Text encoding of .txt/.md/.html input (default: UTF-8, or Windows-1252 with a warning when "
                     "the text is not valid UTF-8)")
      ->transform(CLI::IsMember({"utf-8", "windows-1252", "latin-1"}, CLI::ignore_case));
  ingest->add_flag("--dry-run", ingest_args.dry_run, "Extract and print, store nothing");
  ingest->add_flag("--json", ingest_args.json, "Print the extraction as JSON (one object per document)");
  ingest->fallthrough();
  ingest->callback([&context] { context.exit_code = RunReportIngest(context, ingest_args); });

  CLI::App* list = report->add_subcommand("list", "Stored reports, newest first");
  CLI::Option* list_json = list->add_flag("--json", list_args.json, "As a JSON array");
  list->add_flag("--jsonl", list_args.jsonl, "One JSON object per report and line")->excludes(list_json);
  list->fallthrough();
  list->callback([&context] { context.exit_code = RunReportList(context, list_args); });

  CLI::App* show = report->add_subcommand("show", "A stored report: its entities and claims with quotes");
  show->add_option("REPORT", show_args.query, "Report id or title")->required();
  show->add_flag("--json", show_args.json, "The report and every object it references as JSON");
  show->fallthrough();
  show->callback([&context] { context.exit_code = RunReportShow(context, show_args); });
}

const bool kRegistered = RegisterCommandGroup({"report", 20, &RegisterReport});

}  // namespace
}  // namespace rampart::cli
