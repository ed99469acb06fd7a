// The only C ccwviz has: ncursesw's wide-character API and the signal handling that must
// restore the terminal, behind small functions Swift 6 can call (macros and global
// variables such as stdscr, LINES and A_BOLD cannot be used from Swift directly).
#ifndef CCW_CURSES_H
#define CCW_CURSES_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <stdint.h>
#include <ncursesw/ncurses.h>

/// Installs handlers before ncurses starts: SIGINT, SIGTERM and SIGHUP set a flag the input
/// loop reads; crash signals restore the terminal and re-raise. Saves the terminal modes.
void ccw_install_signal_handlers(void);
/// The signal that asked us to stop, or 0.
int ccw_stop_signal(void);

/// setlocale(LC_ALL, "") and whether the codeset is UTF-8.
int ccw_setup_locale(void);
/// newterm on stdin/stdout with cbreak, noecho, keypad and a hidden cursor. 0 on success.
int ccw_start(void);
void ccw_stop(void);
/// Whether TERM names a terminal with cursor addressing (terminfo `cup`), without starting
/// curses or writing anything. 0 for TERM=dumb, an unknown TERM or none.
int ccw_can_address_cursor(void);

int ccw_lines(void);
int ccw_cols(void);
int ccw_has_colors(void);
int ccw_colors(void);
int ccw_color_pairs(void);
void ccw_init_pair(int pair, int fg, int bg);

unsigned int ccw_attr_bold(void);
unsigned int ccw_attr_dim(void);
unsigned int ccw_attr_reverse(void);
unsigned int ccw_attr_underline(void);
unsigned int ccw_attr_blink(void);

/// Puts one character with attributes and a colour pair.
void ccw_put(int y, int x, uint32_t ch, unsigned int attrs, int pair);
/// Puts one grapheme (a spacing character and up to four combining marks) with attributes
/// and a colour pair; a wide character takes two cells.
void ccw_put_cluster(int y, int x, const uint32_t *chars, int count, unsigned int attrs, int pair);
/// wcwidth in the current locale: the columns the terminal gives a character (-1: none).
int ccw_wcwidth(uint32_t ch);
void ccw_refresh(void);
void ccw_clear(void);

/// Waits up to timeout_ms for a key. Returns 0 for none, 1 for a character (in *ch), 2 for
/// a function key (its KEY_ code in *ch).
int ccw_get_key(int timeout_ms, uint32_t *ch);

int ccw_key_up(void);
int ccw_key_down(void);
int ccw_key_left(void);
int ccw_key_right(void);
int ccw_key_home(void);
int ccw_key_end(void);
int ccw_key_enter(void);
int ccw_key_backspace(void);
int ccw_key_ppage(void);
int ccw_key_npage(void);
int ccw_key_resize(void);



// For benchmarks: runs argv[0] with argv on a new pseudo-terminal of rows x cols and returns
// its pid (or -1); *master receives the terminal's master side.
int ccw_spawn_in_pty(const char *path, char *const argv[], char *const envp[], int rows, int cols, int *master);

/// Changes a pseudo-terminal's size (the kernel then sends SIGWINCH to its processes).
int ccw_set_winsize(int fd, int rows, int cols);
#endif
