from django.http import JsonResponse

from .models import Payment


def payment(request):
    """Return one payment."""
    pid = request.GET["id"]
    # Look the payment up by its id.
    # The id comes straight from the query string.
    query = "SELECT * FROM payments WHERE id = '%s'" % pid
    rows = Payment.objects.raw(query)
    return JsonResponse({"payments": [r.id for r in rows]})


def health(request):
    f = open("/etc/hostname")
    return JsonResponse({"host": f.read()})
