/// The shipped themes, built in so the binary works from any folder. `themes/*.yaml` holds
/// the same text (a test keeps them equal); a file of the same name in a theme folder wins.
public enum BuiltinThemes {
  public static let names = ["default", "light", "high-contrast", "mono"]

  public static func named(_ name: String) -> String? {
    switch name {
    case "default": defaultTheme
    case "light": light
    case "high-contrast": highContrast
    case "mono": mono
    default: nil
    }
  }

  /// What roles a theme file leaves out look like: plain text.
  static let fallback = Theme(name: "fallback", description: "", usesColor: true, styles: [:])

  public static let defaultTheme = """
    # ccwviz theme 'default'. Roles not named here keep plain text.
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
    # bright-<colour>, or 0-255; attrs: bold, dim, reverse, underline, blink.
    name: default
    description: "dark terminals: the everyday theme"
    color: true
    styles:
      text: {}
      dim: {fg: bright-black}
      border: {fg: blue}
      title: {fg: cyan, attrs: [bold]}
      status-bar: {fg: black, bg: cyan}
      caption: {fg: yellow, attrs: [bold]}
      key-hint: {fg: black, bg: white}
      lane-header: {attrs: [bold, underline]}
      lane-selected: {fg: black, bg: cyan, attrs: [bold]}
      lane-blocked: {fg: magenta}
      lane-hazard: {fg: white, bg: red, attrs: [bold]}
      step-current: {fg: black, bg: yellow}
      step-number: {fg: bright-black}
      css-text: {fg: cyan}
      fsm-state: {fg: green, attrs: [bold]}
      fsm-cell: {fg: bright-black}
      fsm-cell-lit: {fg: black, bg: yellow, attrs: [bold]}
      fsm-row-current: {fg: green, attrs: [bold]}
      flag-on: {fg: green, attrs: [bold]}
      flag-off: {fg: bright-black}
      owner-free: {fg: bright-black}
      owner-building: {fg: yellow, attrs: [bold]}
      owner-channel: {fg: cyan, attrs: [bold]}
      owner-freed: {fg: white, bg: red, attrs: [bold]}
      work-pending: {fg: yellow, attrs: [bold]}
      warning: {fg: yellow, attrs: [bold]}
      code-line: {}
      code-next: {fg: black, bg: green, attrs: [bold]}
      code-done: {fg: green}
      hazard: {fg: white, bg: red, attrs: [bold]}
      overlay: {fg: white, bg: blue}
      overlay-title: {fg: yellow, bg: blue, attrs: [bold]}
    """ + "\n"

  public static let light = """
    # ccwviz theme 'light'. Roles not named here keep plain text.
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
    # bright-<colour>, or 0-255; attrs: bold, dim, reverse, underline, blink.
    name: light
    description: "light backgrounds and projectors: dark ink, strong fills"
    color: true
    styles:
      text: {fg: black}
      dim: {fg: 240}
      border: {fg: blue}
      title: {fg: blue, attrs: [bold]}
      status-bar: {fg: white, bg: blue, attrs: [bold]}
      caption: {fg: 124, attrs: [bold]}
      key-hint: {fg: white, bg: 240}
      lane-header: {fg: black, attrs: [bold, underline]}
      lane-selected: {fg: white, bg: blue, attrs: [bold]}
      lane-blocked: {fg: magenta, attrs: [bold]}
      lane-hazard: {fg: white, bg: red, attrs: [bold]}
      step-current: {fg: black, bg: 229, attrs: [bold]}
      step-number: {fg: 240}
      css-text: {fg: 25}
      fsm-state: {fg: 22, attrs: [bold]}
      fsm-cell: {fg: 244}
      fsm-cell-lit: {fg: black, bg: 220, attrs: [bold]}
      fsm-row-current: {fg: 22, attrs: [bold]}
      flag-on: {fg: 22, attrs: [bold]}
      flag-off: {fg: 244}
      owner-free: {fg: 244}
      owner-building: {fg: 130, attrs: [bold]}
      owner-channel: {fg: 25, attrs: [bold]}
      owner-freed: {fg: white, bg: red, attrs: [bold]}
      work-pending: {fg: 130, attrs: [bold]}
      warning: {fg: 124, attrs: [bold]}
      code-line: {fg: black}
      code-next: {fg: white, bg: 22, attrs: [bold]}
      code-done: {fg: 22}
      hazard: {fg: white, bg: red, attrs: [bold]}
      overlay: {fg: black, bg: 254}
      overlay-title: {fg: blue, bg: 254, attrs: [bold]}
    """ + "\n"

  public static let highContrast = """
    # ccwviz theme 'high-contrast'. Roles not named here keep plain text.
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
    # bright-<colour>, or 0-255; attrs: bold, dim, reverse, underline, blink.
    name: high-contrast
    description: "maximum contrast: bright ink on black, bold everywhere"
    color: true
    styles:
      text: {fg: bright-white, bg: black}
      dim: {fg: white, bg: black}
      border: {fg: bright-white, bg: black}
      title: {fg: bright-yellow, bg: black, attrs: [bold]}
      status-bar: {fg: black, bg: bright-yellow, attrs: [bold]}
      caption: {fg: bright-yellow, bg: black, attrs: [bold]}
      key-hint: {fg: black, bg: bright-white, attrs: [bold]}
      lane-header: {fg: bright-white, bg: black, attrs: [bold, underline]}
      lane-selected: {fg: black, bg: bright-cyan, attrs: [bold]}
      lane-blocked: {fg: bright-magenta, bg: black, attrs: [bold]}
      lane-hazard: {fg: bright-white, bg: red, attrs: [bold]}
      step-current: {fg: black, bg: bright-white, attrs: [bold]}
      step-number: {fg: white, bg: black}
      css-text: {fg: bright-cyan, bg: black, attrs: [bold]}
      fsm-state: {fg: bright-green, bg: black, attrs: [bold]}
      fsm-cell: {fg: white, bg: black}
      fsm-cell-lit: {fg: black, bg: bright-yellow, attrs: [bold]}
      fsm-row-current: {fg: bright-green, bg: black, attrs: [bold]}
      flag-on: {fg: bright-green, bg: black, attrs: [bold]}
      flag-off: {fg: white, bg: black}
      owner-free: {fg: white, bg: black}
      owner-building: {fg: bright-yellow, bg: black, attrs: [bold]}
      owner-channel: {fg: bright-cyan, bg: black, attrs: [bold]}
      owner-freed: {fg: bright-white, bg: red, attrs: [bold]}
      work-pending: {fg: bright-yellow, bg: black, attrs: [bold]}
      warning: {fg: bright-yellow, bg: black, attrs: [bold]}
      code-line: {fg: bright-white, bg: black}
      code-next: {fg: black, bg: bright-green, attrs: [bold]}
      code-done: {fg: bright-green, bg: black}
      hazard: {fg: bright-white, bg: red, attrs: [bold]}
      overlay: {fg: bright-white, bg: blue, attrs: [bold]}
      overlay-title: {fg: bright-yellow, bg: blue, attrs: [bold]}
    """ + "\n"

  public static let mono = """
    # ccwviz theme 'mono'. Roles not named here keep plain text.
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
    # bright-<colour>, or 0-255; attrs: bold, dim, reverse, underline, blink.
    name: mono
    description: "no colour: attributes and glyphs only (NO_COLOR selects it)"
    color: false
    styles:
      text: {}
      dim: {attrs: [dim]}
      border: {}
      title: {attrs: [bold]}
      status-bar: {attrs: [reverse]}
      caption: {attrs: [bold]}
      key-hint: {attrs: [reverse]}
      lane-header: {attrs: [bold, underline]}
      lane-selected: {attrs: [reverse, bold]}
      lane-blocked: {attrs: [dim]}
      lane-hazard: {attrs: [reverse, bold]}
      step-current: {attrs: [reverse]}
      step-number: {attrs: [dim]}
      css-text: {}
      fsm-state: {attrs: [bold]}
      fsm-cell: {attrs: [dim]}
      fsm-cell-lit: {attrs: [reverse, bold]}
      fsm-row-current: {attrs: [bold, underline]}
      flag-on: {attrs: [bold]}
      flag-off: {attrs: [dim]}
      owner-free: {attrs: [dim]}
      owner-building: {attrs: [bold]}
      owner-channel: {attrs: [underline]}
      owner-freed: {attrs: [reverse, bold]}
      work-pending: {attrs: [bold]}
      warning: {attrs: [bold]}
      code-line: {}
      code-next: {attrs: [reverse]}
      code-done: {attrs: [bold]}
      hazard: {attrs: [reverse, bold]}
      overlay: {}
      overlay-title: {attrs: [bold, underline]}
    """ + "\n"

}
