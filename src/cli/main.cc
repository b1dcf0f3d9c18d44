// The floe executable: dispatches subcommands.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

void PrintUsage(FILE* out) {
  std::fputs(
      "usage: floe <command> [options]\n"
      "\n"
      "commands:\n"
      "  inspect FILE     print a Parquet or Avro file's schema, metadata and rows\n"
      "  query [SQL]      run SQL over a warehouse's Iceberg tables (--warehouse DIR)\n"
      "  sql              the SQL shell (Trino's CLI): interactive, or -c SQL, -f FILE\n"
      "  bench gen        generate the benchmark's sales table as CSV or JSON lines\n"
      "  version          print the version\n"
      "  help             this text\n"
      "\n"
      "Run 'floe <command> --help' for a command's options.\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "help" || command == "--help" || command == "-h") {
    PrintUsage(stdout);
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::printf("floe %s\n", FLOE_VERSION);
    return 0;
  }
  if (command == "inspect") return floe::cli::RunInspect(args);
  if (command == "query") return floe::cli::RunQuery(args);
  if (command == "sql") return floe::cli::RunSql(args);
  if (command == "bench") return floe::cli::RunBench(args);
  std::fprintf(stderr, "floe: unknown command '%s'\n\n", command.c_str());
  PrintUsage(stderr);
  return 2;
}
