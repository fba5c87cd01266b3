/*
 * The console's commands: one function per command, dispatched from a table
 * in tiengdan.c. Each returns the process exit status.
 */
#ifndef TIENGDAN_COMMANDS_H
#define TIENGDAN_COMMANDS_H

/* tiengdan parse [--role resident|head] [--today YYYY-MM-DD] [--json] TEXT... */
int cmd_parse(int argc, char **argv);

#endif
