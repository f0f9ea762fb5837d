namespace EmailList.Core.Events;

/// <summary>The SES event types, named as SES's eventType field names them (Rendering Failure without the space).</summary>
public enum SesEventType
{
    Send,
    Reject,
    Bounce,
    Complaint,
    Delivery,
    Open,
    Click,
    RenderingFailure,
    DeliveryDelay,
    Subscription,
}
