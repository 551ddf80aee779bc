using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace JitTokens.Server.Hosting;

/// <summary>
/// Keeps ASP.NET Core data-protection keys in memory. JitTokens protects nothing with them
/// (authentication merely registers the system), so there is no reason to write key files to
/// the user's profile.
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
