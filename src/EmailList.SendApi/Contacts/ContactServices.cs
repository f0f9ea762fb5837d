using EmailList.Core.Lists;
using EmailList.Core.Suppression;

namespace EmailList.SendApi.Contacts;

/// <summary>What the contact endpoints that change subscriptions use.</summary>
public sealed record ContactServices(IContactStore Contacts, IListStore Lists, ContactEnrollment Enrollment, SuppressionList Suppression, TimeProvider Time);
