using JitTokens.Server.Hosting;
using JitTokens.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JitTokens.Server.Tests.Hosting;

public sealed class DataProtectionTests : ServerTestBase
{
    [Fact]
    public void DataProtectionKeys_StayInMemory()
    {
        var options = Factory.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;

        Assert.IsType<InMemoryXmlRepository>(options.XmlRepository);
        var protector = Factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("x", protector.Unprotect(protector.Protect("x")));
        Assert.NotEmpty(((InMemoryXmlRepository)options.XmlRepository!).GetAllElements());
    }
}
