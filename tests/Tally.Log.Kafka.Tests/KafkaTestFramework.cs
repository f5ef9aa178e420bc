using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Tally.Log.Kafka.Tests.KafkaTestFramework", "Tally.Log.Kafka.Tests")]

namespace Tally.Log.Kafka.Tests;

/// <summary>xunit's framework, except that tests of [RequiresKafka] classes are skipped without a broker.</summary>
public sealed class KafkaTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new KafkaTestDiscoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
}

internal sealed class KafkaTestDiscoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
{
    protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
    {
        bool needsBroker = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresKafkaAttribute)).Any();
        if (KafkaBroker.SkipReason is null || !needsBroker || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
        {
            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }
        var skipped = new KafkaSkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
        return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
    }
}

/// <summary>A test case reported as skipped because no broker is configured (a theory becomes one skipped case).</summary>
public sealed class KafkaSkippedTestCase : XunitTestCase
{
    /// <summary>For xunit's de-serialization only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public KafkaSkippedTestCase()
    {
    }

    public KafkaSkippedTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay methodDisplay, TestMethodDisplayOptions methodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, methodDisplay, methodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => KafkaBroker.SkipReason ?? base.GetSkipReason(factAttribute);
}
