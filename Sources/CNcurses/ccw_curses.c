#include "ccw_curses.h"

#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/term.h>

static volatile sig_atomic_t stop_signal = 0;
static struct termios saved_modes;
static int have_saved_modes = 0;
static SCREEN *screen = NULL;

static void on_stop(int sig) { stop_signal = sig; }

// A crash must not leave the terminal in raw mode on the alternate screen: restore the saved
// modes and leave the alternate screen with async-signal-safe calls, then die as before.
static void on_crash(int sig) {
  static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
  if (have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
  ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
  (void)ignored;
  signal(sig, SIG_DFL);
  raise(sig);
}

void ccw_install_signal_handlers(void) {
  if (tcgetattr(STDIN_FILENO, &saved_modes) == 0) have_saved_modes = 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_RESETHAND;
  int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
  for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) sigaction(crashes[i], &sa, NULL);
}

int ccw_stop_signal(void) { return stop_signal; }

int ccw_setup_locale(void) {
  setlocale(LC_ALL, "");
  const char *codeset = nl_langinfo(CODESET);
  return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int ccw_start(void) {
  // newterm, not initscr: initscr exits the process on a bad TERM.
  screen = newterm(NULL, stdout, stdin);
  if (screen == NULL) return -1;
  set_term(screen);
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  set_escdelay(25);
  curs_set(0);
  if (has_colors()) {
    start_color();
    use_default_colors();
  }
  return 0;
}

int ccw_can_address_cursor(void) {
  int err = 0;
  if (setupterm(NULL, STDOUT_FILENO, &err) != OK) return 0;
  const char *cup = tigetstr("cup");
  int ok = cup != NULL && cup != (const char *)-1;
  del_curterm(cur_term);
  return ok;
}

void ccw_stop(void) {
  if (screen != NULL) {
    endwin();
    delscreen(screen);
    screen = NULL;
  }
}

int ccw_lines(void) { return LINES; }
int ccw_cols(void) { return COLS; }
int ccw_has_colors(void) { return has_colors(); }
int ccw_colors(void) { return COLORS; }
int ccw_color_pairs(void) { return COLOR_PAIRS; }
void ccw_init_pair(int pair, int fg, int bg) { init_pair((short)pair, (short)fg, (short)bg); }

unsigned int ccw_attr_bold(void) { return A_BOLD; }
unsigned int ccw_attr_dim(void) { return A_DIM; }
unsigned int ccw_attr_reverse(void) { return A_REVERSE; }
unsigned int ccw_attr_underline(void) { return A_UNDERLINE; }
unsigned int ccw_attr_blink(void) { return A_BLINK; }

void ccw_put(int y, int x, uint32_t ch, unsigned int attrs, int pair) {
  wchar_t text[2] = {(wchar_t)ch, 0};
  cchar_t cell;
  setcchar(&cell, text, (attr_t)attrs, (short)pair, NULL);
  mvadd_wch(y, x, &cell);  // ERR on the bottom-right cell although it is drawn.
}

void ccw_put_cluster(int y, int x, const uint32_t *chars, int count, unsigned int attrs, int pair) {
  wchar_t text[CCHARW_MAX + 1];
  int n = count < CCHARW_MAX ? count : CCHARW_MAX;
  for (int i = 0; i < n; i++) text[i] = (wchar_t)chars[i];
  text[n] = 0;
  cchar_t cell;
  if (setcchar(&cell, text, (attr_t)attrs, (short)pair, NULL) == ERR) {
    wchar_t q[2] = {L'?', 0};
    setcchar(&cell, q, (attr_t)attrs, (short)pair, NULL);
  }
  mvadd_wch(y, x, &cell);  // ERR on the bottom-right cell although it is drawn.
}

extern int wcwidth(wchar_t);  // <wchar.h> declares it only under _XOPEN_SOURCE.
int ccw_wcwidth(uint32_t ch) { return wcwidth((wchar_t)ch); }

void ccw_refresh(void) { refresh(); }
void ccw_clear(void) { clear(); }

int ccw_get_key(int timeout_ms, uint32_t *ch) {
  timeout(timeout_ms);
  wint_t w = 0;
  int r = get_wch(&w);
  if (r == ERR) return 0;
  *ch = (uint32_t)w;
  return r == KEY_CODE_YES ? 2 : 1;
}

int ccw_key_up(void) { return KEY_UP; }
int ccw_key_down(void) { return KEY_DOWN; }
int ccw_key_left(void) { return KEY_LEFT; }
int ccw_key_right(void) { return KEY_RIGHT; }
int ccw_key_home(void) { return KEY_HOME; }
int ccw_key_end(void) { return KEY_END; }
int ccw_key_enter(void) { return KEY_ENTER; }
int ccw_key_backspace(void) { return KEY_BACKSPACE; }
int ccw_key_ppage(void) { return KEY_PPAGE; }
int ccw_key_npage(void) { return KEY_NPAGE; }
int ccw_key_resize(void) { return KEY_RESIZE; }

#include <pty.h>
#include <sys/ioctl.h>

int ccw_spawn_in_pty(const char *path, char *const argv[], char *const envp[], int rows, int cols, int *master) {
  struct winsize ws;
  memset(&ws, 0, sizeof ws);
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  pid_t pid = forkpty(master, NULL, NULL, &ws);
  if (pid == 0) {
    execve(path, argv, envp);
    _exit(127);
  }
  return pid;
}

int ccw_set_winsize(int fd, int rows, int cols) {
  struct winsize ws;
  memset(&ws, 0, sizeof ws);
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  return ioctl(fd, TIOCSWINSZ, &ws);
}
