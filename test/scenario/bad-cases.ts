/**
 * Bad scenario files and the exact errors each gets (formatted FILE:LINE:COL: message).
 * Every error path of the parser has at least one row here.
 */

/** A valid file to vary: the device and process lines below are edited by the cases. */
export const OK = `name: t
devices:
  - { name: acc0, driver: uacce }
processes:
  - name: A
    program: [open acc0 as q, start q, close q, exit]
`;

/** One process A with the given program (flow list text), on one uacce and one idxd shared device. */
export function prog(program: string, extra = ""): string {
  return `name: t
devices:
  - { name: acc0, driver: uacce }
  - { name: wq0, driver: idxd, wq: shared }
processes:
  - name: A
    program: [${program}]
${extra}`;
}

export interface BadCase {
  readonly title: string;
  readonly text: string;
  readonly errors: readonly string[];
}

export const BAD: readonly BadCase[] = [
  // ---- YAML syntax
  {
    title: "yaml: unterminated flow sequence",
    text: "name: t\ndevices: [a, b\nprocesses: []\n",
    errors: [
      "s.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  },
  {
    title: "yaml: duplicate key",
    text: OK.replace("name: t\n", "name: t\nname: u\n"),
    errors: [
      "s.yaml:2:1: duplicate key 'name'",
    ],
  },
  {
    title: "yaml: tab indentation",
    text: "name: t\ndevices:\n\t- { name: acc0, driver: uacce }\n",
    errors: [
      "s.yaml:3:1: YAML syntax error: Tabs are not allowed as indentation",
    ],
  },
  {
    title: "yaml: two documents",
    text: OK + "---\nname: u\n",
    errors: [
      "s.yaml:7:1: the file holds more than one YAML document ('---'); a scenario is one document",
    ],
  },
  {
    title: "yaml: unknown alias",
    text: OK.replace("name: t", "name: *title"),
    errors: [
      "s.yaml:1:7: unknown alias '*title': no anchor '&title' before it",
    ],
  },
  {
    title: "empty file",
    text: "# nothing here\n",
    errors: [
      "s.yaml:1:1: empty scenario: expected a mapping with name, devices and processes",
    ],
  },
  {
    title: "top level is a list",
    text: "- name: t\n",
    errors: [
      "s.yaml:1:1: expected a mapping with name, devices and processes at the top level, got a list",
    ],
  },
  // ---- keys
  {
    title: "unknown top-level key, misspelt (the missing key is not reported again)",
    text: OK.replace("processes:", "proceses:"),
    errors: [
      "s.yaml:4:1: unknown top-level key 'proceses'; did you mean 'processes'?",
    ],
  },
  {
    title: "unknown top-level key, no near word",
    text: OK + "colour: blue\n",
    errors: [
      "s.yaml:7:1: unknown top-level key 'colour'; expected one of name, description, design, iommu, pasids, devices, processes or check",
    ],
  },
  {
    title: "unknown device key",
    text: OK.replace("driver: uacce", "drvier: uacce"),
    errors: [
      "s.yaml:3:19: unknown device key 'drvier'; did you mean 'driver'?",
    ],
  },
  {
    title: "unknown process key",
    text: OK + "    may_die: true\n",
    errors: [
      "s.yaml:7:5: unknown process key 'may_die'; did you mean 'may-die'?",
    ],
  },
  // ---- missing required fields
  { title: "missing name", text: OK.replace("name: t\n", ""), errors: [
      "s.yaml:1:1: missing required key 'name': expected a string (the scenario's title)",
    ] },
  { title: "missing devices", text: "name: t\nprocesses:\n  - name: A\n    program: [exit]\n", errors: [
      "s.yaml:1:1: missing required key 'devices': expected a list of devices",
    ] },
  { title: "missing processes", text: "name: t\ndevices:\n  - { name: acc0, driver: uacce }\n", errors: [
      "s.yaml:1:1: missing required key 'processes': expected a list of processes",
    ] },
  { title: "missing device name", text: OK.replace("{ name: acc0, driver: uacce }", "{ driver: uacce }"), errors: [
      "s.yaml:3:5: missing required key 'name' in device 1: expected a device name such as 'acc0'",
    ] },
  { title: "missing device driver", text: OK.replace(", driver: uacce", ""), errors: [
      "s.yaml:3:5: missing required key 'driver' in device 'acc0': expected uacce or idxd",
    ] },
  { title: "missing process name", text: OK.replace("  - name: A\n    program", "  - program"), errors: [
      "s.yaml:5:5: missing required key 'name' in process 1: expected a process name such as 'A'",
    ] },
  { title: "missing program of a root process", text: OK.replace("    program: [open acc0 as q, start q, close q, exit]\n", "    may-die: true\n"), errors: [
      "s.yaml:5:5: missing required key 'program' in process 'A': expected a list of statements (only a 'child-of' or 'thread-of' entry may leave it out)",
    ] },
  // ---- wrong types
  { title: "name is a number", text: OK.replace("name: t", "name: 42"), errors: [
      "s.yaml:1:7: wrong type for 'name': expected a string (the scenario's title), got a number 42",
    ] },
  { title: "name is empty string", text: OK.replace("name: t", 'name: ""'), errors: [
      "s.yaml:1:7: 'name' is empty: expected a string (the scenario's title)",
    ] },
  { title: "description is a list", text: OK + "description: [a]\n", errors: [
      "s.yaml:7:14: wrong type for 'description': expected a string, got a list",
    ] },
  { title: "devices is a string", text: "name: t\ndevices: acc0\nprocesses:\n  - name: A\n    program: [exit]\n", errors: [
      "s.yaml:2:10: wrong type for 'devices': expected a list of devices, got a string 'acc0'",
    ] },
  { title: "a device is a string", text: OK.replace("  - { name: acc0, driver: uacce }", "  - acc0"), errors: [
      "s.yaml:3:5: wrong type for device 1: expected a device mapping such as '{ name: acc0, driver: uacce }', got a string 'acc0'",
    ] },
  { title: "program is a string", text: OK.replace("[open acc0 as q, start q, close q, exit]", "open acc0 as q"), errors: [
      "s.yaml:6:14: wrong type for 'program' of process 'A': expected a list of statements such as '[open acc0 as q, start q, exit]', got a string 'open acc0 as q'",
    ] },
  { title: "a statement is a mapping", text: prog("open acc0 as q, { close: q }"), errors: [
      "s.yaml:7:31: wrong type for statement 2 of process 'A': expected a statement string such as 'mmap q', got a mapping",
    ] },
  { title: "a statement is a number", text: prog("sleep, 3"), errors: [
      "s.yaml:7:22: wrong type for statement 2 of process 'A': expected a statement string such as 'mmap q', got a number 3",
    ] },
  { title: "may-die is 'yes'", text: OK + "    may-die: yes\n", errors: [
      "s.yaml:7:14: wrong type for 'may-die' of process 'A': expected true or false, got a string 'yes'",
    ] },
  { title: "pasids is a string", text: OK + "pasids: two\n", errors: [
      "s.yaml:7:9: wrong type for 'pasids': expected an integer from 1 to 16, got a string 'two'",
    ] },
  { title: "check is a string", text: OK + "check: isolation\n", errors: [
      "s.yaml:7:8: wrong type for 'check': expected a list of property names (isolation, stale-entry, no-leak, exit-completes, bond-integrity, mm-liveness, quiet-after-exit), got a string 'isolation'",
    ] },
  { title: "design is empty", text: OK + "design:\n", errors: [
      "s.yaml:7:1: wrong type for 'design': expected free-on-unbind, free-on-mmput, mmget-in-bind, free-on-mmdrop, free-on-mmdrop-5.19 or iommu-mm, or a kernel version (linux-5.17, linux-5.18-rc1, linux-5.18, linux-5.19, linux-6.x, linux-6.8), got an empty value",
    ] },
  { title: "processes is a mapping", text: "name: t\ndevices:\n  - { name: acc0, driver: uacce }\nprocesses:\n  A: [exit]\n", errors: [
      "s.yaml:5:3: wrong type for 'processes': expected a list of processes, got a mapping",
    ] },
  // ---- unknown words
  { title: "unknown design, misspelt", text: OK + "design: free-on-mmdrp\n", errors: [
      "s.yaml:7:9: unknown design 'free-on-mmdrp'; did you mean 'free-on-mmdrop'?",
    ] },
  { title: "unknown design, far", text: OK + "design: lazy\n", errors: [
      "s.yaml:7:9: unknown design 'lazy'; expected free-on-unbind, free-on-mmput, mmget-in-bind, free-on-mmdrop, free-on-mmdrop-5.19 or iommu-mm, or a kernel version (linux-5.17, linux-5.18-rc1, linux-5.18, linux-5.19, linux-6.x, linux-6.8)",
    ] },
  { title: "unknown iommu", text: OK + "iommu: intel-vtd\n", errors: [
      "s.yaml:7:8: unknown IOMMU driver 'intel-vtd'; did you mean 'intel-vt-d'?",
    ] },
  { title: "unknown iommu, far", text: OK + "iommu: amd\n", errors: [
      "s.yaml:7:8: unknown IOMMU driver 'amd'; expected arm-smmu-v3 or intel-vt-d",
    ] },
  { title: "unknown driver", text: OK.replace("driver: uacce", "driver: uace"), errors: [
      "s.yaml:3:27: unknown driver 'uace'; did you mean 'uacce'?",
    ] },
  { title: "unknown wq mode", text: OK.replace("driver: uacce", "driver: idxd, wq: share"), errors: [
      "s.yaml:3:37: unknown wq mode 'share'; did you mean 'shared'?",
    ] },
  { title: "unknown property", text: OK + "check: [isolaton, no-leak]\n", errors: [
      "s.yaml:7:9: unknown property 'isolaton'; did you mean 'isolation'?",
    ] },
  // ---- statement grammar
  { title: "unknown statement, misspelt", text: prog("open acc0 as q, mapp q"), errors: [
      "s.yaml:7:31: unknown statement 'mapp'; did you mean 'mmap'?",
    ] },
  { title: "unknown statement, far", text: prog("frobnicate"), errors: [
      "s.yaml:7:15: unknown statement 'frobnicate'; expected one of open, close, mmap, munmap, start, stop, enqcmd, thread, fork, exec, exit or sleep",
    ] },
  { title: "unknown statement in upper case", text: prog("EXIT"), errors: [
      "s.yaml:7:15: unknown statement 'EXIT'; did you mean 'exit'?",
    ] },
  { title: "empty statement", text: prog("''"), errors: [
      "s.yaml:7:15: empty statement; expected one of open, close, mmap, munmap, start, stop, enqcmd, thread, fork, exec, exit or sleep",
    ] },
  { title: "missing fd", text: prog("open acc0 as q, close"), errors: [
      "s.yaml:7:31: 'close' needs an fd name: expected 'close FD'",
    ] },
  { title: "fork without a process name", text: prog("fork"), errors: [
      "s.yaml:7:15: 'fork' needs a process name: expected 'fork NAME'",
    ] },
  { title: "extra word", text: prog("exit now"), errors: [
      "s.yaml:7:20: unexpected 'now': 'exit' takes no argument",
    ] },
  { title: "extra word after fd", text: prog("open acc0 as q, close q r"), errors: [
      "s.yaml:7:39: unexpected 'r': expected 'close FD'",
    ] },
  { title: "open without 'as'", text: prog("open acc0 q"), errors: [
      "s.yaml:7:25: expected 'as' before the fd name: the form is 'open DEV as FD'",
    ] },
  { title: "open with a misspelt 'as'", text: prog("open acc0 sa q"), errors: [
      "s.yaml:7:25: expected 'as', got 'sa': the form is 'open DEV as FD'",
    ] },
  { title: "open with nothing", text: prog("open"), errors: [
      "s.yaml:7:15: 'open' needs a device: expected 'open DEV as FD'",
    ] },
  { title: "open DEV as", text: prog("open acc0 as"), errors: [
      "s.yaml:7:15: 'open' needs an fd name: expected 'open DEV as FD'",
    ] },
  { title: "invalid fd name", text: prog("open acc0 as q!"), errors: [
      "s.yaml:7:28: invalid fd name 'q!': a name starts with a letter and has only letters, digits, '_', '-' or '.'",
    ] },
  { title: "quoted statement: column inside the quotes", text: prog('"open acc0 as q", "mapp q"'), errors: [
      "s.yaml:7:33: unknown statement 'mapp'; did you mean 'mmap'?",
    ] },
  {
    title: "block-style program",
    text: OK.replace("    program: [open acc0 as q, start q, close q, exit]\n", "    program:\n      - open acc0 as q\n      - strat q\n"),
    errors: [
      "s.yaml:8:9: unknown statement 'strat'; did you mean 'start'?",
    ],
  },
  // ---- names and duplicates
  { title: "invalid device name", text: OK.replace("name: acc0", "name: acc 0"), errors: [
      "s.yaml:3:13: invalid device name 'acc 0': a name starts with a letter and has only letters, digits, '_', '-' or '.'",
    ] },
  { title: "invalid process name", text: OK.replace("name: A", "name: 1A"), errors: [
      "s.yaml:5:11: invalid process name '1A': a name starts with a letter and has only letters, digits, '_', '-' or '.'",
    ] },
  {
    title: "duplicate device name",
    text: OK.replace("  - { name: acc0, driver: uacce }\n", "  - { name: acc0, driver: uacce }\n  - { name: acc0, driver: idxd }\n"),
    errors: [
      "s.yaml:4:13: duplicate device name 'acc0' (already defined at 3:13)",
    ],
  },
  { title: "duplicate process name", text: OK + "  - name: A\n    program: [exit]\n", errors: [
      "s.yaml:7:11: duplicate process name 'A' (already defined at 5:11)",
    ] },
  { title: "duplicate fd (opened twice, still open)", text: prog("open acc0 as q, open wq0 as q"), errors: [
      "s.yaml:7:43: fd 'q' is already open in 'A'; close it first or use another name",
    ] },
  { title: "duplicate property in check", text: OK + "check: [isolation, no-leak, isolation]\n", errors: [
      "s.yaml:7:29: duplicate property 'isolation' in 'check' (already listed as item 1)",
    ] },
  // ---- references
  { title: "open of an unknown device, misspelt", text: prog("open acc1 as q"), errors: [
      "s.yaml:7:20: unknown device 'acc1'; did you mean 'acc0'?",
    ] },
  { title: "open of an unknown device, far", text: prog("open gpu as q"), errors: [
      "s.yaml:7:20: unknown device 'gpu'; expected acc0 or wq0",
    ] },
  { title: "fd never opened", text: prog("open acc0 as q, start r"), errors: [
      "s.yaml:7:37: fd 'r' is not open in 'A': no earlier 'open DEV as r' in its program",
    ] },
  { title: "fd used after close", text: prog("open acc0 as q, close q, mmap q"), errors: [
      "s.yaml:7:45: fd 'q' is not open in 'A': it was closed at 7:31",
    ] },
  {
    title: "child uses an fd its parent opened after the fork",
    text: prog("fork C, open acc0 as q, exit", "  - name: C\n    child-of: A\n    program: [start q, exit]\n"),
    errors: [
      "s.yaml:10:21: fd 'q' is not open in 'C': no earlier 'open DEV as q' in its program, nor in 'A' before 'fork C'",
    ],
  },
  {
    title: "thread uses an fd its creator opened after creating it",
    text: prog("thread T, open acc0 as q, exit", "  - name: T\n    thread-of: A\n    program: [close q]\n"),
    errors: [
      "s.yaml:10:21: fd 'q' is not open in 'T': no earlier 'open DEV as q' in its program, nor in 'A' before 'thread T'",
    ],
  },
  { title: "fork of no process entry", text: prog("fork C"), errors: [
      "s.yaml:7:20: 'fork C': no process entry named 'C'; add one with 'child-of: A' and its program",
    ] },
  { title: "fork of itself", text: prog("fork A"), errors: [
      "s.yaml:7:20: 'fork A': a process cannot fork itself; add a new entry with 'child-of: A'",
    ] },
  { title: "fork of a root process", text: prog("fork B", "  - name: B\n    program: [exit]\n"), errors: [
      "s.yaml:7:20: 'fork B': 'B' starts at boot; add 'child-of: A' to its entry",
    ] },
  {
    title: "fork of another process's child",
    text: prog("exit", "  - name: B\n    program: [fork C, exit]\n  - name: C\n    child-of: B\n  - name: D\n    program: [fork C]\n"),
    errors: [
      "s.yaml:13:20: 'fork C' in 'D', but 'C' is declared 'child-of: B'",
    ],
  },
  { title: "fork of a thread entry", text: prog("fork T", "  - name: T\n    thread-of: A\n"), errors: [
      "s.yaml:7:20: 'fork T': 'T' is declared 'thread-of: A': use 'thread T', or make it 'child-of: A'",
    ] },
  { title: "thread of a child entry", text: prog("thread C", "  - name: C\n    child-of: A\n"), errors: [
      "s.yaml:7:22: 'thread C': 'C' is declared 'child-of: A': use 'fork C', or make it 'thread-of: A'",
    ] },
  { title: "created twice", text: prog("fork C, fork C", "  - name: C\n    child-of: A\n"), errors: [
      "s.yaml:7:28: 'C' is created twice: already by 'fork C' at 7:15",
    ] },
  { title: "child-of entry nobody forks", text: prog("exit", "  - name: C\n    child-of: A\n    program: [exit]\n"), errors: [
      "s.yaml:9:15: 'C' is 'child-of: A', but 'A' never runs 'fork C'",
    ] },
  { title: "thread-of entry nobody threads", text: prog("exit", "  - name: T\n    thread-of: A\n"), errors: [
      "s.yaml:9:16: 'T' is 'thread-of: A', but 'A' never runs 'thread T'",
    ] },
  { title: "child-of an unknown process", text: prog("exit", "  - name: C\n    child-of: AA\n"), errors: [
      "s.yaml:9:15: 'child-of': unknown process 'AA'; did you mean 'A'?",
    ] },
  { title: "both child-of and thread-of", text: prog("fork C", "  - name: C\n    child-of: A\n    thread-of: A\n"), errors: [
      "s.yaml:10:5: process 'C' is both 'child-of' and 'thread-of'; give one ('child-of' for a process made by fork, 'thread-of' for a thread)",
    ] },
  {
    title: "creation cycle",
    text: prog("exit", "  - name: C\n    child-of: D\n    program: [fork D]\n  - name: D\n    child-of: C\n    program: [fork C]\n"),
    errors: [
      "s.yaml:9:15: 'C' is never created: the chain C → D → C never reaches a process that starts at boot",
    ],
  },
  // ---- device kinds
  { title: "enqcmd on a uacce queue", text: prog("open acc0 as q, mmap q, enqcmd q"), errors: [
      "s.yaml:7:39: 'enqcmd q': 'acc0' is a uacce device; ENQCMD only goes to an idxd shared work queue (wq: shared): use 'start q'",
    ] },
  {
    title: "enqcmd on an idxd dedicated wq",
    text: prog("open wq1 as q, mmap q, enqcmd q").replace("processes:", "  - { name: wq1, driver: idxd }\nprocesses:"),
    errors: [
      "s.yaml:8:38: 'enqcmd q': 'wq1' is an idxd dedicated work queue; ENQCMD only goes to an idxd shared work queue (wq: shared)",
    ],
  },
  { title: "enqcmd without mmap", text: prog("open wq0 as q, enqcmd q"), errors: [
      "s.yaml:7:37: 'q' is not mapped in 'A': add 'mmap q' before 'enqcmd q' (ENQCMD writes to the mapped portal; a forked child or an exec starts with no mapping)",
    ] },
  {
    title: "enqcmd in a forked child (the mapping is not inherited)",
    text: prog("open wq0 as q, mmap q, fork C", "  - name: C\n    child-of: A\n    program: [enqcmd q]\n"),
    errors: [
      "s.yaml:10:22: 'q' is not mapped in 'C': add 'mmap q' before 'enqcmd q' (ENQCMD writes to the mapped portal; a forked child or an exec starts with no mapping)",
    ],
  },
  { title: "enqcmd after exec (the mapping went with the old mm)", text: prog("open wq0 as q, mmap q, exec, enqcmd q"), errors: [
      "s.yaml:7:51: 'q' is not mapped in 'A': add 'mmap q' before 'enqcmd q' (ENQCMD writes to the mapped portal; a forked child or an exec starts with no mapping)",
    ] },
  { title: "start on an idxd shared wq", text: prog("open wq0 as q, start q"), errors: [
      "s.yaml:7:30: 'start q': 'wq0' is an idxd shared work queue; there is no queue to start: the device takes the PASID from each ENQCMD descriptor, so use 'enqcmd q'",
    ] },
  { title: "stop on an idxd shared wq", text: prog("open wq0 as q, stop q"), errors: [
      "s.yaml:7:30: 'stop q': 'wq0' is an idxd shared work queue; there is no queue to stop: the device takes the PASID from each ENQCMD descriptor, so use 'enqcmd q'",
    ] },
  { title: "wq on a uacce device", text: OK.replace("driver: uacce", "driver: uacce, wq: shared"), errors: [
      "s.yaml:3:34: 'wq' applies only to idxd devices; 'acc0' is a uacce device",
    ] },
  { title: "mmap twice", text: prog("open acc0 as q, mmap q, mmap q"), errors: [
      "s.yaml:7:44: 'q' is already mapped in 'A'; munmap it first",
    ] },
  { title: "munmap of an fd not mapped", text: prog("open acc0 as q, munmap q"), errors: [
      "s.yaml:7:38: 'q' is not mapped in 'A': add 'mmap q' before 'munmap q'",
    ] },
  // ---- ranges and limits
  { title: "pasids 0", text: OK + "pasids: 0\n", errors: [
      "s.yaml:7:9: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 0",
    ] },
  { title: "pasids 17", text: OK + "pasids: 17\n", errors: [
      "s.yaml:7:9: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 17",
    ] },
  { title: "pasids 1.5", text: OK + "pasids: 1.5\n", errors: [
      "s.yaml:7:9: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 1.5",
    ] },
  {
    title: "too many processes",
    text: OK + Array.from({ length: 8 }, (_, i) => `  - name: P${i}\n    program: [exit]\n`).join(""),
    errors: [
      "s.yaml:21:5: too many processes: 9 (at most 8, to keep the state space small enough to explore exhaustively)",
    ],
  },
  {
    title: "too many devices",
    text: OK.replace("  - { name: acc0, driver: uacce }\n", Array.from({ length: 5 }, (_, i) => `  - { name: acc${i}, driver: uacce }\n`).join("")),
    errors: [
      "s.yaml:7:5: too many devices: 5 (at most 4, to keep the state space small enough to explore exhaustively)",
    ],
  },
  { title: "too many statements", text: prog(Array.from({ length: 17 }, () => "sleep").join(", ")), errors: [
      "s.yaml:7:127: too many statements in process 'A': 17 (at most 16 per program, to keep the state space small enough to explore exhaustively)",
    ] },
  { title: "no devices", text: "name: t\ndevices: []\nprocesses:\n  - name: A\n    program: [exit]\n", errors: [
      "s.yaml:2:10: 'devices' is empty: expected at least one device",
    ] },
  { title: "no processes", text: "name: t\ndevices:\n  - { name: acc0, driver: uacce }\nprocesses: []\n", errors: [
      "s.yaml:4:12: 'processes' is empty: expected at least one process",
    ] },
  { title: "empty check", text: OK + "check: []\n", errors: [
      "s.yaml:7:8: 'check' is empty: list at least one property, or leave 'check' out to check every property",
    ] },
  // ---- process flow
  { title: "may-die on a thread", text: prog("thread T", "  - name: T\n    thread-of: A\n    may-die: true\n"), errors: [
      "s.yaml:10:5: 'may-die' applies to a whole process, not a thread: a kill ends every thread of the group; put 'may-die: true' on 'A'",
    ] },
  { title: "statement after exit", text: prog("exit, sleep, sleep"), errors: [
      "s.yaml:7:21: 'sleep' is never run: it comes after 'exit' (exit_group ends the process)",
    ] },
  {
    title: "two threads of one group open the same fd name",
    text: prog("thread T, open acc0 as q", "  - name: T\n    thread-of: A\n    program: [open wq0 as q]\n"),
    errors: [
      "s.yaml:10:27: fd 'q' is also opened by 'A' at 7:38; threads share one fd table: use another name",
    ],
  },
  // ---- several problems at once, in source order
  {
    title: "several errors, reported in source order",
    text: `name: t
design: free-on-mmdrp
devices:
  - { name: acc0, driver: uace }
processes:
  - name: A
    program: [open acc0 as q, mapp q, start r, exit]
    may-die: maybe
pasids: 99
`,
    errors: [
      "s.yaml:2:9: unknown design 'free-on-mmdrp'; did you mean 'free-on-mmdrop'?",
      "s.yaml:4:27: unknown driver 'uace'; did you mean 'uacce'?",
      "s.yaml:7:31: unknown statement 'mapp'; did you mean 'mmap'?",
      "s.yaml:7:45: fd 'r' is not open in 'A': no earlier 'open DEV as r' in its program",
      "s.yaml:8:14: wrong type for 'may-die' of process 'A': expected true or false, got a string 'maybe'",
      "s.yaml:9:9: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 99",
    ],
  },
];
