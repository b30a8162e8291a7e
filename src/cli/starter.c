/* `briefpack new`: starter files (starter.h). */
#include "cli/starter.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { NEW_OK = 0, NEW_FAILED = 1, NEW_USAGE = 2 };

/* The templates. @SCHEMA@ is the schema's path, @DATE@ today (or
 * SOURCE_DATE_EPOCH's day), @ROUNDTABLES@ a pack's list. Comments line up
 * at column 43 where the value leaves room. */
static const char roundtable_text[] =
    "# yaml-language-server: $schema=@SCHEMA@\n"
    "# A roundtable for briefpack. Build it:  briefpack @FILE@\n"
    "# Rebuild on every save:                 briefpack --watch @FILE@\n"
    "# Every key is here, with what it is for; a key commented out (#) is\n"
    "# used once the # is removed. `man briefpack-format` tells the rest.\n"
    "format: briefpack/1                       # the version of this format\n"
    "\n"
    "title: Title of the roundtable            # required: the name on the cover\n"
    "subtitle: Industry Roundtable Summary     # a line under the title\n"
    "date: @DATE@                          # required: the day it met, YYYY-MM-DD\n"
    "time: \"14:00\u201316:00\"                       # when it met, printed as written\n"
    "# published: @DATE@                   # the day this summary is issued\n"
    "host: Your organisation                   # who hosted it\n"
    "# partner: Partner organisation           # who it was held with\n"
    "chair: Name of the chair                  # who chaired it\n"
    "venue: Meeting room, building, town       # where it met\n"
    "setting: in-person                        # in-person, online or hybrid\n"
    "# classification: OFFICIAL                # a marking printed on every page\n"
    "# brand: techuk                           # a shipped brand (briefpack --list-brands) or a brand file\n"
    "language: en-GB                           # a BCP 47 tag: the words printed, dates, hyphenation\n"
    "# keywords: [policy, industry]            # words for the PDF's document properties\n"
    "# status: draft                           # draft: DRAFT on every page; final (the default) when agreed\n"
    "# version: \"0.1\"                          # a draft's version, in its footer\n"
    "# chatham_house: true                     # held under the Chatham House Rule: a notice on the cover\n"
    "# handout:                                # settings for briefpack --handout\n"
    "#   notes: 8                              # ruled lines under each question, 0 to 40\n"
    "\n"
    "summary: |                                # Markdown: the opening of the briefing\n"
    "  Two or three sentences on why the roundtable met and who came. This is\n"
    "  Markdown: *emphasis*, **strong**, `code` and [links](https://example.org).\n"
    "\n"
    "  A second paragraph on what came out of it; a blank line starts a new\n"
    "  paragraph.\n"
    "\n"
    "sections:                                 # free sections, printed in order\n"
    "  - heading: Introduction                 # required: the section's heading\n"
    "    body: |                               # required: Markdown\n"
    "      Who opened the meeting, and what it set out to do.\n"
    "\n"
    "questions:                                # the framing questions, in order\n"
    "  - question: What was the first question put to the room?  # required: Markdown in one paragraph\n"
    "    takeaways:                            # what was said, as a list\n"
    "      - A key takeaway, in one sentence.\n"
    "      - point: A takeaway for the internal version only  # a takeaway kept from the public\n"
    "        internal: true                    # --public leaves out what is internal\n"
    "      - point: A takeaway with sub-points # a takeaway with a list of its own\n"
    "        points:                           # its sub-points, each one line\n"
    "          - The first sub-point\n"
    "          - The second sub-point\n"
    "    notes: |                              # Markdown: anything else said on it\n"
    "      Notes that follow the takeaways.\n"
    "  - question: What was the second question?\n"
    "    takeaways:\n"
    "      - Another takeaway, which links to [the first question](#q1).\n"
    "\n"
    "next_steps: |                             # Markdown: what happens next\n"
    "  What the organisers will do, and when.\n"
    "\n"
    "actions:                                  # a table under the next steps\n"
    "  - action: Send this summary to everyone who came  # required: Markdown in one paragraph\n"
    "    owner: Name of the owner              # who does it\n"
    "    due: @DATE@                       # by when, YYYY-MM-DD\n"
    "\n"
    "speakers:                                 # a card for each speaker\n"
    "  - name: Speaker Name                    # required\n"
    "    role: Their role                      # their job title\n"
    "    organisation: Their organisation      # where they work\n"
    "    # photo: photos/speaker-name.png      # a PNG or JPEG beside this file; without one, initials\n"
    "    # photo_alt: Speaker Name at a lectern  # what the photo shows, for those who cannot see it\n"
    "    bio: |                                # Markdown: a short biography\n"
    "      A sentence or two about the speaker.\n"
    "    email: speaker@example.org            # contact details: text, or a list\n"
    "    # phone: 020 7946 0000                # a telephone number\n"
    "    # website: www.example.org            # a web address\n"
    "    # linkedin: https://www.linkedin.com/in/example  # a LinkedIn page\n"
    "    # twitter: \"@example\"                 # a handle, in quotes (@ cannot start a value)\n"
    "\n"
    "attendees:                                # who came: a name, or name, role and organisation\n"
    "  - First Attendee\n"
    "  - name: Second Attendee\n"
    "    role: Role\n"
    "    organisation: Organisation\n";

static const char pack_text[] =
    "# yaml-language-server: $schema=@SCHEMA@\n"
    "# A pack for briefpack: several roundtables bound into one PDF, with\n"
    "# one cover, one contents and one Speakers chapter. Build it:\n"
    "#     briefpack @FILE@\n"
    "# Every key is here, with what it is for; a key commented out (#) is\n"
    "# used once the # is removed. `man briefpack-format` tells the rest.\n"
    "format: briefpack/1                       # the version of this format\n"
    "\n"
    "title: Title of the pack                  # required: the name on the cover\n"
    "subtitle: Briefing pack                   # a line under the title\n"
    "prepared_for: Name and role of the reader # printed on the cover: \"Prepared for ...\"\n"
    "date: @DATE@                          # required: the day of the pack, YYYY-MM-DD\n"
    "# classification: OFFICIAL                # a marking; at least its roundtables' highest\n"
    "# brand: whitehall                        # the brand of the whole pack (briefpack --list-brands)\n"
    "language: en-GB                           # a BCP 47 tag: the words printed, dates, hyphenation\n"
    "# keywords: [policy, industry]            # words for the PDF's document properties\n"
    "# status: draft                           # draft: DRAFT on every page; final (the default) when agreed\n"
    "# version: \"0.1\"                          # a draft's version, in its footer\n"
    "# print: duplex                           # two-sided: chapters open on right-hand pages\n"
    "\n"
    "cover_note: |                             # Markdown, printed after the contents\n"
    "  Why these roundtables are bound together, and what the reader should\n"
    "  look at first.\n"
    "\n"
    "roundtables:                              # required: roundtable files, relative to this file\n"
    "@ROUNDTABLES@";

static const char brand_text[] =
    "# yaml-language-server: $schema=@SCHEMA@\n"
    "# A brand for briefpack: colours, fonts, logo and footer. Use it from a\n"
    "# roundtable with `brand: @FILE@` (a path from the roundtable's folder),\n"
    "# or with  briefpack --brand @FILE@ roundtable.yaml\n"
    "# What a brand leaves out comes from the neutral default brand.\n"
    "name: Your organisation                   # required: shown in the footer\n"
    "colours:                                  # each \"#RRGGBB\", in quotes (unquoted, # starts a comment)\n"
    "  primary: \"#1F3A5F\"                      # the cover band and headings\n"
    "  accent: \"#4F7CA8\"                       # rules, bars and the cover's stripe\n"
    "  # link: \"#3F6A94\"                       # links and labels; default: the accent, darkened to read well\n"
    "  text: \"#1A1A1A\"                         # body text\n"
    "  muted: \"#6B6B6B\"                        # footers and captions\n"
    "fonts:                                    # TrueType (.ttf): one that ships by name, or a file beside this one\n"
    "  regular: LiberationSans-Regular.ttf     # body text\n"
    "  bold: LiberationSans-Bold.ttf           # **strong** text and labels\n"
    "  italic: LiberationSans-Italic.ttf       # *emphasis*\n"
    "  bold_italic: LiberationSans-BoldItalic.ttf  # strong emphasis\n"
    "  heading: LiberationSans-Bold.ttf        # headings; default: the bold\n"
    "# logo: logos/your-logo.png               # a PNG or JPEG at the top of the cover, from this file's folder\n"
    "# logo_alt: Your organisation logo        # what the logo shows; default \"NAME logo\"\n"
    "footer: Your organisation \u00b7 www.example.org  # a line in every footer\n"
    "page: A4                                  # A4, A5 or Letter\n"
    "# print: duplex                           # two-sided printing: mirrored margins, parts on right-hand pages\n"
    "justify: false                            # true: justified text; false: ragged right\n"
    "hyphenate: true                           # hyphenate long words\n"
    "kerning: true                             # use the fonts' kerning\n";

static int new_usage(const char *fmt, const char *arg)
{
    fputs("briefpack new: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nUsage: briefpack new [--pack | --brand] FILE.yaml "
          "[ROUNDTABLE.yaml...]\nTry 'briefpack --help'.\n", stderr);
    return NEW_USAGE;
}

static bool ends_yaml(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(path + n - 4, ".yml") == 0);
}

/* Today as YYYY-MM-DD: SOURCE_DATE_EPOCH's day (UTC) when it is set, so a
 * starter can be made again byte for byte. */
static void today(char out[16])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long v = sde && *sde ? strtoll(sde, &end, 10) : -1;
    bool fixed = v >= 0 && end && !*end;
    time_t t = fixed ? (time_t)v : time(NULL);
    struct tm tm;
    if (!(fixed ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) ||
        strftime(out, 16, "%Y-%m-%d", &tm) != 10)
        strcpy(out, "2000-01-01");
}

typedef struct starter_vars {
    const char *schema, *date, *file, *roundtables;
} starter_vars;

/* The template with its @NAME@s filled in. */
static void starter_fill(FILE *out, const char *tpl, const starter_vars *v)
{
    static const char *const names[] = {"@SCHEMA@", "@DATE@", "@FILE@",
                                        "@ROUNDTABLES@"};
    const char *values[] = {v->schema, v->date, v->file, v->roundtables};
    while (*tpl) {
        size_t k = 0;
        while (k < 4 && strncmp(tpl, names[k], strlen(names[k])) != 0)
            k++;
        if (k < 4) {
            fputs(values[k] ? values[k] : "", out);
            tpl += strlen(names[k]);
        } else {
            fputc(*tpl++, out);
        }
    }
}

/* Writes `text` to `path` unless something is there already: a temporary
 * file beside it, linked to the name (which fails if the name is taken)
 * and removed. Returns 0, or an errno (EEXIST: in the way). */
static int write_new(const char *path, const char *text, size_t len)
{
    char tmp[PATH_MAX + 64];
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    if (snprintf(tmp, sizeof tmp, "%.*s.%s.briefpack-new-XXXXXX", dir_len,
                 path, path + dir_len) >= (int)sizeof tmp)
        return ENAMETOOLONG;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return errno;
    mode_t mask = umask(0);
    umask(mask);
    /* a file system without modes (vfat) refuses fchmod: not an error */
    (void)fchmod(fd, 0666 & ~mask);
    int e = 0;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        e = errno;
        close(fd);
    } else {
        errno = 0;
        if ((fwrite(text, 1, len, f) != len || fflush(f) != 0 ||
                   fsync(fileno(f)) != 0))
            e = errno ? errno : EIO;
        if (fclose(f) != 0 && !e)
            e = errno;
    }
    if (!e && link(tmp, path) != 0)
        e = errno;
    unlink(tmp);
    return e;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Writes one starter; says what went wrong. */
static int starter_write(const char *path, const char *tpl,
                         const starter_vars *v)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        fputs("briefpack new: out of memory\n", stderr);
        return NEW_FAILED;
    }
    starter_vars mine = *v;
    const char *base = strrchr(path, '/');
    mine.file = base ? base + 1 : path;
    starter_fill(mem, tpl, &mine);
    if (fclose(mem) != 0) {
        free(text);
        fputs("briefpack new: out of memory\n", stderr);
        return NEW_FAILED;
    }
    int e = write_new(path, text, len);
    free(text);
    if (e == EEXIST) {
        fprintf(stderr, "briefpack new: %s already exists; a starter never "
                        "replaces a file (give another name)\n", path);
        return NEW_FAILED;
    }
    if (e) {
        fprintf(stderr, "briefpack new: cannot write %s: %s\n", path,
                strerror(e));
        return NEW_FAILED;
    }
    return NEW_OK;
}

/* A path as one YAML list entry: plain when it is only letters, digits and
 * ._/-, else double-quoted. */
static void yaml_entry(FILE *out, const char *path)
{
    bool plain = *path && *path != '-' && *path != '.';
    for (const char *p = path; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("._/-", *p);
    if (plain) {
        fprintf(out, "  - %s\n", path);
        return;
    }
    fputs("  - \"", out);
    for (const char *p = path; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputs("\"\n", out);
}

/* `rt` as the pack in `pack_dir` (resolved) names it: relative, inside
 * the pack's folder (the loader's rule for a pack's items); NULL, said,
 * when it is not a roundtable file there. */
static char *pack_item(const char *pack_dir, const char *rt)
{
    char real[PATH_MAX];
    struct stat st;
    if (!ends_yaml(rt) || stat(rt, &st) != 0 || !S_ISREG(st.st_mode) ||
        !realpath(rt, real)) {
        fprintf(stderr, "briefpack new: %s is not a roundtable file (a .yaml "
                        "file that exists)\n", rt);
        return NULL;
    }
    size_t n = strlen(pack_dir);
    if (strcmp(pack_dir, "/") == 0)
        n = 0;
    if (strncmp(real, pack_dir, n) != 0 || real[n] != '/') {
        fprintf(stderr, "briefpack new: %s is outside the pack's folder %s; "
                        "a pack lists roundtables in its folder or below\n",
                rt, pack_dir);
        return NULL;
    }
    return strdup(real + n + 1);
}

/* A pack listing `rts`; with none, it lists a starter roundtable written
 * beside it, in roundtables/. */
static int starter_pack(const char *path, char **rts, int n_rts,
                        starter_vars *v)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
             slash ? path : ".");
    char pack_dir[PATH_MAX];
    if (!realpath(dir, pack_dir)) {
        fprintf(stderr, "briefpack new: cannot write %s: %s\n", path,
                strerror(errno));
        return NEW_FAILED;
    }
    if (exists(path))
        return starter_write(path, pack_text, v); /* says it is in the way */
    char *list = NULL;
    size_t list_len = 0;
    FILE *mem = open_memstream(&list, &list_len);
    if (!mem) {
        fputs("briefpack new: out of memory\n", stderr);
        return NEW_FAILED;
    }
    int status = NEW_OK;
    char first[PATH_MAX + 32] = "";
    for (int i = 0; i < n_rts && status == NEW_OK; i++) {
        char *item = pack_item(pack_dir, rts[i]);
        if (!item)
            status = NEW_FAILED;
        else
            yaml_entry(mem, item);
        free(item);
    }
    if (!n_rts) {
        snprintf(first, sizeof first, "%s%sroundtables", slash ? dir : "",
                 slash ? "/" : "");
        if (mkdir(first, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "briefpack new: cannot make %s: %s\n", first,
                    strerror(errno));
            status = NEW_FAILED;
        }
        /* a second pack in the folder gets a roundtable of its own: the
         * first name free (first-roundtable-2.yaml), as the user cannot
         * name this one */
        size_t at = strlen(first);
        char entry[64] = "roundtables/first-roundtable.yaml";
        for (int k = 1; k < 100; k++) {
            if (k > 1)
                snprintf(entry, sizeof entry,
                         "roundtables/first-roundtable-%d.yaml", k);
            snprintf(first + at, sizeof first - at, "%s",
                     entry + strlen("roundtables"));
            if (!exists(first))
                break;
        }
        if (status == NEW_OK)
            status = starter_write(first, roundtable_text, v);
        yaml_entry(mem, entry);
    }
    fclose(mem);
    v->roundtables = list;
    if (status == NEW_OK) {
        status = starter_write(path, pack_text, v);
        if (status != NEW_OK && *first)
            unlink(first); /* ours, and of no use alone */
        else if (*first)
            fprintf(stderr, "briefpack new: wrote %s, the roundtable the pack "
                            "lists\n", first);
    }
    free(list);
    v->roundtables = NULL;
    return status;
}

int starter_main(int argc, char **argv, const char *root)
{
    bool pack = false, brand = false, options = true;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int n = 0;
    if (!files) {
        fputs("briefpack new: out of memory\n", stderr);
        return NEW_FAILED;
    }
    int status = NEW_OK;
    for (int i = 1; i < argc && status == NEW_OK; i++) {
        const char *a = argv[i];
        if (options && strcmp(a, "--") == 0)
            options = false;
        else if (options && strcmp(a, "--pack") == 0)
            pack = true;
        else if (options && strcmp(a, "--brand") == 0)
            brand = true;
        else if (options && a[0] == '-' && a[1])
            status = new_usage("unknown option '%s'", a);
        else
            files[n++] = argv[i];
    }
    if (status == NEW_OK) {
        if (pack && brand)
            status = new_usage("%s", "--pack or --brand, not both");
        else if (!n)
            status = new_usage("%s", "which file? (briefpack new roundtable.yaml)");
        else if (!ends_yaml(files[0]))
            status = new_usage("the file to write ends in .yaml, not '%s'",
                               files[0]);
        else if (n > 1 && !pack)
            status = new_usage("one file at a time; '%s' is one too many",
                               files[1]);
    }
    if (status != NEW_OK) {
        free(files);
        return status;
    }
    char date[16];
    today(date);
    char schema[PATH_MAX + 64];
    snprintf(schema, sizeof schema, "%s/data/briefpack.schema.json", root);
    starter_vars v = {.schema = schema, .date = date};
    const char *kind = pack ? "pack" : brand ? "brand" : "roundtable";
    status = pack    ? starter_pack(files[0], files + 1, n - 1, &v)
             : brand ? starter_write(files[0], brand_text, &v)
                     : starter_write(files[0], roundtable_text, &v);
    if (status == NEW_OK) {
        fprintf(stderr, "briefpack new: wrote %s, a starter %s to edit; ",
                files[0], kind);
        if (brand)
            fprintf(stderr, "try it with\n    briefpack --brand %s "
                            "roundtable.yaml\n", files[0]);
        else
            fprintf(stderr, "build it as you edit with\n    briefpack "
                            "--watch %s\n", files[0]);
    }
    free(files);
    return status;
}
