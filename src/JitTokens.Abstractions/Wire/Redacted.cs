using System.Collections;
using System.Text;

namespace JitTokens.Abstractions.Wire;

/// <summary>Prints wire records for <c>ToString</c> with their credential member replaced, so logging a record never leaks it (STYLE.md 13).</summary>
internal static class Redacted
{
    public static bool PrintMembers(object record, StringBuilder builder, string credentialMember)
    {
        var first = true;
        foreach (var property in record.GetType().GetProperties())
        {
            builder.Append(first ? string.Empty : ", ").Append(property.Name).Append(" = ");
            first = false;
            var value = property.Name == credentialMember ? "[redacted]" : property.GetValue(record);
            builder.Append(value is IEnumerable list and not string ? "[" + string.Join(", ", list.Cast<object>()) + "]" : value);
        }

        return true;
    }
}
