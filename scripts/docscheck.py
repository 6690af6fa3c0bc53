#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""docscheck.py: checks of the series' reST documents without Sphinx.

  docscheck.py rst SRCTREE FILE.rst...
      Parse each document with Debian's docutils, as the kernel's Sphinx
      build would, and print every warning or error; exit 1 if there is one.
      What Sphinx adds is emulated, not skipped:
      - `.. kernel-doc::` runs SRCTREE/scripts/kernel-doc -rst exactly as
        Documentation/sphinx/kerneldoc.py does (same options) and parses its
        output in place; anything kernel-doc prints on stderr (it warns about
        every comment of the file, not only the identifiers asked for) is a
        warning, and an identifier that yields no documentation too;
      - the C-domain directives kernel-doc emits (c:function, c:struct, ...)
        parse their content as body text; one C name declared twice in a
        document is a warning (Sphinx: "Duplicate C declaration");
      - `.. toctree::` entries must exist, and a document that is not an
        index must be listed in the toctree of its directory's index.rst
        (Sphinx: "document isn't included in any toctree");
      - Sphinx roles (:c:func:, :ref:, :doc:, ...) render as literals;
      - two sections with one title are a warning (the kernel's Sphinx
        configuration labels sections by title: autosectionlabel).
      Not checked: cross-references resolving (:ref:, :doc:, automarkup),
      HTML/PDF output, other Sphinx extensions (kernel-feat, kernel-abi, ...).

  docscheck.py names SRCTREE FILE.rst...
      Every name the text gives must exist in SRCTREE. Checked:
      - ``literals``: a path (has a '/' or a file suffix) exists, at the
        top of the tree or under arch/arm64/include, include, arch/arm64/kvm
        or tools/testing/selftests/kvm (absolute host paths such as
        /dev/kvm are not checked); ``f()`` is a function or function-like
        macro defined or declared at file scope; ``f(ARG)`` also checks
        ARG; ``struct s`` is defined; ``a->b.c`` follows struct members
        (a struct tag is resolved strictly, a variable name such as
        ``vcpu`` by "b is a member of some struct"); an UPPER_CASE name is
        a #define, an enum constant, an arm64 cpucap (ARM64_*) or a Kconfig
        option (CONFIG_*); ``param.name=value`` is a documented kernel
        parameter with that value; another identifier appears in code
        (not in a comment); a literal with spaces is a command: its paths
        are checked;
      - in running text, as the kernel's automarkup reads it: every
        ``name()`` and ``struct name``;
      - in literal blocks: every word that looks like a path;
      - `.. kernel-doc::`: the file exists and defines each identifier.
      Prints one line per name; exits 1 if any is missing.

(MAINTAINERS coverage is scripts/get_maintainer.pl's, run by docs.sh.)
"""
import io
import os
import re
import subprocess
import sys

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.statemachine import ViewList, string2lines

# The Sphinx dialect kernel-doc is asked for: Debian 12's Sphinx.
SPHINX_VERSION = '5.3.0'
MODE = None
SRC = None
STATE = {}          # per document: C declarations, toctree entries, kernel-doc uses


def warn(directive, msg):
    return directive.state.document.reporter.warning(msg, line=directive.lineno)


class KernelDoc(Directive):
    """Emulates Documentation/sphinx/kerneldoc.py with plain docutils."""
    required_arguments = 1
    optional_arguments = 4
    has_content = False
    option_spec = {
        'doc': directives.unchanged_required,
        'export': directives.unchanged,
        'internal': directives.unchanged,
        'identifiers': directives.unchanged,
        'no-identifiers': directives.unchanged,
        'functions': directives.unchanged,
    }

    def run(self):
        path = self.arguments[0]
        opts = dict(self.options)
        if 'functions' in opts:
            opts['identifiers'] = opts['functions']
        idents = (opts.get('identifiers') or '').split()
        STATE['kerneldoc'].append((self.lineno, path, idents))
        STATE['kerneldoc_line'] = self.lineno
        if MODE != 'rst':
            return []
        filename = os.path.join(SRC, path)
        if not os.path.isfile(filename):
            return [warn(self, 'kernel-doc: no such file: %s' % path)]
        cmd = ['perl', os.path.join(SRC, 'scripts/kernel-doc'), '-rst', '-enable-lineno',
               '-sphinx-version', SPHINX_VERSION]
        if 'export' in opts or 'internal' in opts:
            cmd += ['-export' if 'export' in opts else '-internal']
            for pat in (opts.get('export') or opts.get('internal') or '').split():
                cmd += ['-export-file', os.path.join(SRC, pat)]
        elif 'doc' in opts:
            cmd += ['-function', opts['doc']]
        elif 'identifiers' in opts:
            if idents:
                for i in idents:
                    cmd += ['-function', i]
            else:
                cmd += ['-no-doc-sections']
        for i in (opts.get('no-identifiers') or '').split():
            cmd += ['-nosymbol', i]
        cmd += [filename]
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=SRC)
        out = []
        if p.returncode != 0:
            out.append(self.state.document.reporter.error(
                'kernel-doc failed (%d): %s' % (p.returncode, p.stderr.strip()), line=self.lineno))
            return out
        for line in p.stderr.splitlines():
            if line.strip():
                out.append(warn(self, 'kernel-doc: ' + line.strip()))
        result = ViewList()
        lineno = 0
        for line in string2lines(p.stdout, self.state.document.settings.tab_width,
                                 convert_whitespace=True):
            m = re.match(r'^\.\. LINENO ([0-9]+)$', line)
            if m:
                lineno = int(m.group(1)) - 1
                continue
            result.append(line, path, lineno)
            lineno += 1
        for i in idents:
            if not re.search(r'^\.\. c:[a-z]+:: .*\b%s\b' % re.escape(i), p.stdout, re.M):
                out.append(warn(self, 'kernel-doc: no documentation for %s in %s' % (i, path)))
        node = nodes.section()
        self.state.nested_parse(result, 0, node, match_titles=1)
        return out + node.children


class CDomain(Directive):
    """c:function, c:struct, ...: the signature as given, the content parsed."""
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {'noindex': directives.flag, 'no-index': directives.flag}

    def run(self):
        out = []
        sig = self.arguments[0] if self.arguments else ''
        m = re.search(r'([A-Za-z_][A-Za-z0-9_]*)\s*\(', sig) or \
            re.search(r'([A-Za-z_][A-Za-z0-9_]*)\s*$', sig)
        if m and 'noindex' not in self.options and 'no-index' not in self.options:
            name = m.group(1)
            seen = STATE['cdecl']
            here = STATE.get('kerneldoc_line', self.lineno)
            if name in seen:
                out.append(self.state.document.reporter.warning(
                    'Duplicate C declaration: %s (first at line %s)' % (name, seen[name]),
                    line=here))
            else:
                seen[name] = here
        node = nodes.container()
        node += nodes.literal_block(sig, sig)
        self.state.nested_parse(self.content, self.content_offset, node)
        return out + [node]


class Toctree(Directive):
    has_content = True
    option_spec = {'maxdepth': directives.unchanged, 'glob': directives.flag,
                   'hidden': directives.flag, 'numbered': directives.unchanged,
                   'titlesonly': directives.flag, 'caption': directives.unchanged,
                   'name': directives.unchanged, 'includehidden': directives.flag,
                   'reversed': directives.flag}

    def run(self):
        out = []
        base = os.path.dirname(self.state.document['source'])
        for entry in self.content:
            entry = entry.strip()
            if not entry:
                continue
            m = re.match(r'^.*<(.+)>$', entry)
            target = m.group(1) if m else entry
            STATE['toctree'].append(target)
            if 'glob' in self.options or target.startswith(('http:', 'https:')):
                continue
            if not os.path.isfile(os.path.join(base, target + '.rst')):
                out.append(warn(self, 'toctree contains reference to nonexisting document %r'
                                % target))
        return out


class Only(Directive):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        node = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def literal_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, text)], []


def register():
    directives.register_directive('kernel-doc', KernelDoc)
    directives.register_directive('toctree', Toctree)
    directives.register_directive('only', Only)
    for d in ('function', 'struct', 'union', 'enum', 'enumerator', 'type', 'macro',
              'member', 'var', 'namespace', 'namespace-push', 'namespace-pop'):
        directives.register_directive('c:' + d, CDomain)
    for r in ('c:func', 'c:type', 'c:macro', 'c:expr', 'c:texpr', 'c:data', 'c:member',
              'c:enum', 'c:enumerator', 'c:struct', 'c:union', 'c:var', 'ref', 'doc',
              'kbd', 'abbr', 'numref', 'term', 'download', 'envvar', 'option', 'samp',
              'file', 'program', 'command', 'manpage'):
        roles.register_local_role(r, literal_role)


def parse(path):
    """Parse one document; return (doctree, [(line, level, message)])."""
    STATE.clear()
    STATE.update(cdecl={}, toctree=[], kerneldoc=[])
    stream = io.StringIO()
    with open(path, encoding='utf-8') as f:
        text = f.read()
    doc = publish_doctree(text, source_path=path, settings_overrides={
        'report_level': 1, 'halt_level': 5, 'warning_stream': stream,
        'file_insertion_enabled': True, 'raw_enabled': True, 'tab_width': 8,
        'input_encoding': 'utf-8'})
    # Every message at or above report_level is written to the stream when
    # it is made, including those of transforms (unknown targets), which do
    # not stay in a doctree that no writer has processed.
    msgs = []
    pat = re.compile(r'^(?:.*?):(?:(\d+):)? \((?:DEBUG|INFO|WARNING|ERROR|SEVERE)/(\d)\) (.*)$')
    for line in stream.getvalue().splitlines():
        m = pat.match(line)
        if m:
            msgs.append([int(m.group(1)) if m.group(1) else None, int(m.group(2)), m.group(3)])
        elif msgs and line.strip():
            msgs[-1][2] += ' ' + line.strip()
    msgs = [tuple(m) for m in msgs
            if m[1] >= 2 or 'Duplicate implicit target name' in m[2]]
    return doc, msgs


def check_rst(files):
    bad = 0
    for path in files:
        doc, msgs = parse(path)
        rel = os.path.relpath(path, SRC)
        base = os.path.basename(path)
        if base != 'index.rst':
            index = os.path.join(os.path.dirname(path), 'index.rst')
            if not os.path.isfile(index):
                msgs.append((None, 2, "document isn't included in any toctree (no index.rst)"))
            else:
                parse(index)
                if os.path.splitext(base)[0] not in STATE['toctree']:
                    msgs.append((None, 2, "document isn't included in any toctree "
                                 "(not in %s)" % os.path.relpath(index, SRC)))
        for line, level, text in msgs:
            print('%s:%s: (%d) %s' % (rel, line or '?', level, text))
        bad += len(msgs)
        print('# %s: %d problem(s)' % (rel, len(msgs)))
    return 1 if bad else 0


# ---------------------------------------------------------------- names

SEARCH_DIRS = ['arch/arm64', 'include', 'virt', 'mm', 'kernel',
               'tools/testing/kvm-stage2', 'tools/testing/selftests/kvm']
PATH_BASES = ['', 'arch/arm64/include', 'include', 'arch/arm64/kvm',
              'tools/testing/selftests/kvm']
IDENT = r'[A-Za-z_][A-Za-z0-9_]*'
# Variable names that KVM uses for one type everywhere: ``vcpu->arch.hw_mmu``
# is resolved through struct kvm_vcpu, member by member.
ALIASES = {'kvm': 'kvm', 'vcpu': 'kvm_vcpu', 'mmu': 'kvm_s2_mmu', 'pgt': 'kvm_pgtable',
           'gather': 'kvm_s2_gather', 'mm_ops': 'kvm_pgtable_mm_ops', 'ctx': 'kvm_pgtable_visit_ctx'}
COMMENT = re.compile(r'^\s*(\*|/\*|//)')


class Index:
    """Every line of the searched C sources that holds one of the names."""

    def __init__(self, words):
        self.hits = {w: [] for w in words}
        self.files = {}
        if not words:
            return
        dirs = [d for d in SEARCH_DIRS if os.path.isdir(os.path.join(SRC, d))]
        cmd = ['grep', '-rnwF', '--include=*.c', '--include=*.h', '--include=*.S']
        for w in sorted(words):
            cmd += ['-e', w]
        p = subprocess.run(cmd + dirs, cwd=SRC, capture_output=True, text=True,
                           errors='replace')
        wordre = re.compile(IDENT)
        for line in p.stdout.splitlines():
            parts = line.split(':', 2)
            if len(parts) < 3:
                continue
            f, n, text = parts
            for w in set(wordre.findall(text)):
                if w in self.hits:
                    self.hits[w].append((f, int(n), text))

    def lines(self, w):
        return self.hits.get(w, [])

    def code(self, w):
        return [h for h in self.lines(w) if not COMMENT.match(h[2])]

    def read(self, f):
        if f not in self.files:
            with open(os.path.join(SRC, f), errors='replace') as fh:
                self.files[f] = fh.read().split('\n')
        return self.files[f]


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def gather_names(path):
    doc, _ = parse(path)
    out = []

    def line_of(node):
        n = node
        while n is not None and n.line is None:
            n = n.parent
        return n.line if n is not None else None

    for node in doc.traverse(nodes.literal):
        out.append((line_of(node), 'literal', node.astext()))
    for node in doc.traverse(nodes.literal_block):
        if isinstance(node.parent, nodes.container) and node.parent.children[0] is node:
            continue        # a C-domain signature
        for word in node.astext().split():
            if '/' in word and not word.startswith(('http', '-')):
                out.append((line_of(node), 'block', word))
    for node in doc.traverse(nodes.Text):
        if isinstance(node.parent, (nodes.literal, nodes.literal_block, nodes.system_message)):
            continue
        if any(isinstance(a, nodes.system_message) for a in _ancestors(node)):
            continue
        text = node.astext()
        for m in re.finditer(r'(?<![\w.>-])(%s)\(\)' % IDENT, text):
            out.append((line_of(node.parent), 'text', m.group(1) + '()'))
        for m in re.finditer(r'\bstruct\s+(%s)' % IDENT, text):
            out.append((line_of(node.parent), 'text', 'struct ' + m.group(1)))
    for lineno, kpath, idents in STATE['kerneldoc']:
        out.append((lineno, 'kernel-doc', kpath))
        for i in idents:
            out.append((lineno, 'kernel-doc', '%s@%s' % (i, kpath)))
    return out


def _ancestors(node):
    n = node.parent
    while n is not None:
        yield n
        n = n.parent


def words_of(token):
    return set(re.findall(IDENT, token))


class Checker:
    def __init__(self, tokens):
        words = set()
        for _, _, t in tokens:
            words |= words_of(t)
        self.ix = Index(words)
        self.struct_cache = {}

    # -- paths
    def path_ok(self, p):
        if p.startswith('/'):
            return True, 'host path, not checked'
        p = p.rstrip('/')
        for b in PATH_BASES:
            if os.path.exists(os.path.join(SRC, b, p)):
                return True, os.path.join(b, p)
        return False, 'no such file or directory'

    # -- kinds of C names
    def func(self, name):
        pat = re.compile(r'^[A-Za-z_].*\b%s\s*\(' % re.escape(name))
        dpat = re.compile(r'^\s*#\s*define\s+%s\(' % re.escape(name))
        for f, n, text in self.ix.code(name):
            if pat.search(text) or dpat.search(text):
                return True, '%s:%d' % (f, n)
        return False, 'no function or function-like macro %s()' % name

    def struct_def(self, name):
        if name in self.struct_cache:
            return self.struct_cache[name]
        pat = re.compile(r'\b(struct|union)\s+%s\s*\{' % re.escape(name))
        res = None
        hits = self.ix.code(name)
        if name not in self.ix.hits:
            # Not a word of the document (a member's type met on the way):
            # look for its definition alone.
            dirs = [d for d in SEARCH_DIRS if os.path.isdir(os.path.join(SRC, d))]
            p = subprocess.run(['grep', '-rnE', '--include=*.h', '--include=*.c',
                                r'\b(struct|union)\s+%s\s*\{' % name] + dirs,
                               cwd=SRC, capture_output=True, text=True, errors='replace')
            hits = []
            for line in p.stdout.splitlines():
                f, n, text = line.split(':', 2)
                hits.append((f, int(n), text))
        for f, n, text in hits:
            if pat.search(text):
                lines = self.ix.read(f)
                body, depth, started = [], 0, False
                for line in lines[n - 1:]:
                    body.append(line)
                    depth += line.count('{') - line.count('}')
                    started = started or '{' in line
                    if started and depth <= 0:
                        break
                res = (f, n, strip_comments('\n'.join(body)))
                break
        self.struct_cache[name] = res
        return res

    def member_decl(self, member):
        """Lines declaring a struct member of that name: (file, line, type or None)."""
        pat = re.compile(r'^\s+[^;()=]*\b%s\s*(\[[^\]]*\])?\s*(:\s*\w+)?\s*;' % re.escape(member))
        fpat = re.compile(r'\(\s*\*\s*%s\s*\)\s*\(' % re.escape(member))
        out = []
        for f, n, text in self.ix.code(member):
            if pat.search(text) or fpat.search(text):
                m = re.search(r'\b(?:struct|union)\s+(%s)\s*\**\s*%s\b' % (IDENT, re.escape(member)),
                              text)
                out.append((f, n, m.group(1) if m else None))
        return out

    def upper(self, name):
        for f, n, text in self.ix.code(name):
            if re.search(r'^\s*#\s*define\s+%s\b' % re.escape(name), text) or \
               re.search(r'^\s*%s\s*(=[^=]|,|$)' % re.escape(name), text):
                return True, '%s:%d' % (f, n)
        if name.startswith('ARM64_'):
            caps = os.path.join(SRC, 'arch/arm64/tools/cpucaps')
            if os.path.isfile(caps) and name[6:] in open(caps).read().split():
                return True, 'arch/arm64/tools/cpucaps'
        if name.startswith('CONFIG_'):
            p = subprocess.run(['grep', '-rlx', '--include=Kconfig*', r'\s*\(menu\)\?config %s'
                                % name[7:], '.'], cwd=SRC, capture_output=True, text=True)
            if p.stdout:
                return True, p.stdout.split()[0]
        return False, 'no #define, enum constant, cpucap or Kconfig option %s' % name

    def ident(self, name):
        if re.match(r'^[A-Z][A-Z0-9_]*$', name) and '_' in name:
            return self.upper(name)
        # Declared at file scope (function, variable, type, parameter of a
        # function whose signature starts in column 0), a macro, or a
        # struct member: not merely mentioned somewhere.
        top = re.compile(r'^[A-Za-z_#].*\b%s\b' % re.escape(name))
        for f, n, text in self.ix.code(name):
            if top.search(text):
                return True, '%s:%d' % (f, n)
        decls = self.member_decl(name)
        if decls:
            return True, 'member, %s:%d' % decls[0][:2]
        return False, 'nothing declares %s' % name

    def chain(self, token):
        parts = re.split(r'->|\.', token)
        first = parts[0]
        s = self.struct_def(first) or (first in ALIASES and self.struct_def(ALIASES[first]))
        owner = (first if self.struct_def(first) else ALIASES.get(first)) if s else None
        if not s:
            ok, why = self.ident(first)
            if not ok:
                return ok, why
        where = []
        for m in parts[1:]:
            if owner:
                f, n, body = self.struct_def(owner)
                if not re.search(r'\b%s\b' % re.escape(m), body):
                    return False, 'struct %s (%s:%d) has no member %s' % (owner, f, n, m)
                mt = re.search(r'\b(?:struct|union)\s+(%s)\s*\**\s*%s\s*(\[|;|:)' %
                               (IDENT, re.escape(m)), body)
                where.append('%s.%s' % (owner, m))
                owner = mt.group(1) if mt and self.struct_def(mt.group(1)) else None
            else:
                decls = self.member_decl(m)
                if not decls:
                    return False, 'no struct has a member %s' % m
                types = {d[2] for d in decls}
                where.append('%s:%d' % decls[0][:2])
                owner = types.pop() if len(types) == 1 and None not in types else None
                if owner and not self.struct_def(owner):
                    owner = None
        return True, ', '.join(where)

    def param(self, token):
        name, value = token.split('=', 1)
        kp = os.path.join(SRC, 'Documentation/admin-guide/kernel-parameters.txt')
        lines = open(kp, errors='replace').read().split('\n')
        for i, line in enumerate(lines):
            if re.match(r'^\t%s=' % re.escape(name), line):
                entry = lines[i:i + 60]
                if any(re.match(r'^\s+%s:?(\s|$)' % re.escape(value), e) for e in entry[1:]):
                    return True, 'kernel-parameters.txt:%d' % (i + 1)
                return False, 'kernel parameter %s has no value %s' % (name, value)
        return False, 'no kernel parameter %s' % name

    def token(self, kind, token):
        t = token.strip()
        if kind == 'block':
            return self.path_ok(t)
        if kind == 'kernel-doc':
            if '@' in t:
                ident, path = t.split('@', 1)
                f = os.path.join(SRC, path)
                if not os.path.isfile(f):
                    return False, 'no such file %s' % path
                text = open(f, errors='replace').read()
                if re.search(r'^[A-Za-z_#].*\b%s\b' % re.escape(ident), text, re.M):
                    return True, path
                return False, '%s does not define %s' % (path, ident)
            return self.path_ok(t)
        if re.fullmatch(r'-?[0-9][0-9A-Za-z.]*', t):
            return True, 'number'
        if t.startswith('-') and re.fullmatch(r'-[A-Z][A-Z0-9_]+', t):
            return self.upper(t[1:])
        m = re.fullmatch(r'(struct|union|enum)\s+(%s)' % IDENT, t)
        if m:
            if m.group(1) == 'enum':
                ok = any(re.search(r'\benum\s+%s\s*\{' % m.group(2), h[2])
                         for h in self.ix.code(m.group(2)))
                return (ok, 'enum') if ok else (False, 'no enum %s' % m.group(2))
            s = self.struct_def(m.group(2))
            return (True, '%s:%d' % s[:2]) if s else (False, 'no struct %s' % m.group(2))
        if re.fullmatch(r'[\w.-]+\.[\w-]+=[\w,-]+', t):
            return self.param(t)
        if re.search(r'\s', t):
            bad = [w for w in t.split() if '/' in w and not w.startswith('-') and
                   not self.path_ok(w)[0]]
            return (False, 'no such path: ' + ' '.join(bad)) if bad else (True, 'command')
        if '/' in t or re.search(r'\.(c|h|S|rst|txt|sh|py)$', t) or t in ('Makefile', 'README'):
            return self.path_ok(t)
        m = re.fullmatch(r'(%s)\(\)' % IDENT, t)
        if m:
            return self.func(m.group(1))
        m = re.fullmatch(r'(%s)\((.*)\)' % IDENT, t)
        if m:
            ok, why = self.func(m.group(1))
            if not ok:
                return ok, why
            for w in words_of(m.group(2)):
                ok2, why2 = self.ident(w)
                if not ok2:
                    return ok2, why2
            return True, why
        if re.fullmatch(r'%s((->|\.)%s)+' % (IDENT, IDENT), t):
            return self.chain(t)
        if re.fullmatch(IDENT, t):
            return self.ident(t)
        return False, 'not a name this check understands (quote only names, paths, commands)'


def check_names(files):
    bad = 0
    for path in files:
        rel = os.path.relpath(path, SRC)
        tokens = gather_names(path)
        ck = Checker(tokens)
        seen = set()
        n = 0
        for line, kind, tok in tokens:
            if (kind, tok) in seen:
                continue
            seen.add((kind, tok))
            ok, why = ck.token(kind, tok)
            n += 1
            print('%s %s:%s: %s [%s] %s' % ('ok ' if ok else 'BAD', rel, line or '?', tok,
                                             kind, why))
            bad += not ok
        print('# %s: %d names, %d missing' % (rel, n, bad))
    return 1 if bad else 0


def main():
    global MODE, SRC
    if len(sys.argv) < 4 or sys.argv[1] not in ('rst', 'names'):
        sys.exit(__doc__)
    MODE, SRC = sys.argv[1], os.path.abspath(sys.argv[2])
    register()
    files = [os.path.abspath(f if os.path.isabs(f) else os.path.join(SRC, f))
             for f in sys.argv[3:]]
    sys.exit(check_rst(files) if MODE == 'rst' else check_names(files))


if __name__ == '__main__':
    main()
