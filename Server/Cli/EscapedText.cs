using System.Globalization;
using System.Text;

namespace AdventureServer.Server.Cli;

/// <summary>
/// The usual backslash escapes in a command-line value (<c>--stop "\n>"</c>): <c>\n</c>, <c>\r</c>, <c>\t</c>,
/// <c>\\</c>, <c>\"</c>, <c>\'</c>, <c>\0</c> and <c>\uXXXX</c>, as a shell user and the README's examples
/// expect. A backslash before anything else stays as it is.
/// </summary>
public static class EscapedText
{
    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('\\', StringComparison.Ordinal))
            return value;
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                text.Append(value[i]);
                continue;
            }

            var next = value[i + 1];
            var plain = next switch
            {
                'n' => "\n",
                'r' => "\r",
                't' => "\t",
                '0' => "\0",
                '\\' or '"' or '\'' => next.ToString(),
                'u' when i + 5 < value.Length && ushort.TryParse(value.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    => ((char)code).ToString(),
                _ => null,
            };
            if (plain is null)
            {
                text.Append('\\');
                continue;
            }

            text.Append(plain);
            i += next == 'u' ? 5 : 1;
        }

        return text.ToString();
    }
}
