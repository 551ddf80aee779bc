namespace JitTokens.Abstractions.Wire;

/// <summary>Answer to <c>POST /dev/login</c>: a human JWT for the dev server.</summary>
public sealed record DevLoginResponse
{
    /// <summary>The human JWT; send it as <c>Authorization: Bearer</c>.</summary>
    public required string Token { get; init; }

    /// <summary>Prints the record with <see cref="Token"/> redacted, so logging it never leaks the credential.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        foreach (var property in GetType().GetProperties())
        {
            if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(", ");
            }

            var value = property.Name == nameof(Token) ? "[redacted]" : property.GetValue(this);
            builder.Append(property.Name).Append(" = ").Append(value is System.Collections.IEnumerable list and not string ? "[" + string.Join(", ", list.Cast<object>()) + "]" : value);
        }

        return true;
    }
}
